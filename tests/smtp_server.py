"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd, in a thread): `Inbox` keeps
what it received; `tls_files` makes a self-signed certificate for 127.0.0.1 (STARTTLS and
smtps:// tests, trusted by the client through `?ca_file=`)."""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import ipaddress
import ssl
import threading
import time
from pathlib import Path
from typing import Iterator

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts; `refuse` answers RCPT with 550."""

    def __init__(self, refuse: tuple[str, ...] = ()):
        self.refuse = refuse
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def wait(self, count: int, timeout: float = 20.0) -> list[email.message.EmailMessage]:
        """The messages once there are at least `count` (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"the SMTP server received {len(self.messages)} message(s), expected {count}")


@contextlib.contextmanager
def smtp_server(inbox: Inbox, port: int = 0, *, tls: ssl.SSLContext | None = None, implicit_tls: bool = False,
                users: dict[str, str] | None = None) -> Iterator[int]:
    """Run an SMTP server for `inbox` on 127.0.0.1; yields its port. With `tls` it offers
    STARTTLS (and requires it), or speaks TLS from the start with `implicit_tls`; with `users`
    it requires AUTH (LOGIN/PLAIN) with one of those user/password pairs."""
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = users is not None and users.get(auth_data.login.decode()) == auth_data.password.decode()
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    if port == 0:
        from tests.servers import free_port
        port = free_port()
    kwargs: dict = {"hostname": "127.0.0.1", "port": port}
    if users is not None:
        # implicit TLS is TLS at the transport, which aiosmtpd does not count as "TLS" for AUTH
        kwargs.update(authenticator=authenticate, auth_require_tls=not implicit_tls)
    if tls is not None and implicit_tls:
        kwargs["ssl_context"] = tls
        kwargs["server_hostname"] = "127.0.0.1"
    elif tls is not None:
        kwargs.update(tls_context=tls, require_starttls=True)
    controller = Controller(inbox, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def tls_files(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context with a self-signed certificate for 127.0.0.1, and the certificate's
    file (the CA a client trusts)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file

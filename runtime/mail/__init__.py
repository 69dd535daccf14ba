"""E-mail out of the store: the SMTP settings (smtp_url.py), the ways a message leaves
(transports.py: SMTP, or the log in development) and the worker that sends the mail outbox
(worker.py). The outbox itself is runtime/services/mail.py."""

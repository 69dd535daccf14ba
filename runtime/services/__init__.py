"""Domain services behind the generated handlers: resources (CRUD with ids, defaults,
timestamps, derived fields), state machines, events and their outbox, background jobs, cursor
pagination, tenant settings, the mail outbox and demo data."""

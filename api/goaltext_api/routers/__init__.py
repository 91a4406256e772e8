"""One router per resource: analyze (incl. batch), suggest, examples, labels,
health, and the pages (the trainers' page and the offline API docs)."""

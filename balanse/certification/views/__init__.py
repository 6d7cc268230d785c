"""The pages of Balansemerket, by audience: `public` (the registry and a mark's verification page), `proof`
(diploma, badge, signed credential and its check), `organisation` (the organisation admin's way to the mark),
`operator` (the dashboard), `manage` (the operator's page of one certification and its steps) and
`mark_requests` (“Vil du ha Balansemerket?” and its handling). `urls.py` points at the modules."""

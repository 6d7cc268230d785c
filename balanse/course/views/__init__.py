"""The course's pages, by audience: learners (learner, media), people joining (join), organisation admins
(organisation) and the operator's course editor (operator)."""

"""The live exercise's views: participants (phones), facilitators (the big screen), the exercise templates,
and the server push (stream.py)."""

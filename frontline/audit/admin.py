# The audit log has no admin page: it is read on its own page (/audit/, audit/views.py), where
# every search is itself recorded, and nobody can change it anywhere.

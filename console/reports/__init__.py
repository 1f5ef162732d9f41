"""Documents the console produces for people outside it: the public status export and the
shift-handover document.  No Qt here."""

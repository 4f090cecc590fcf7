"""The documents engine: plan file -> plain context -> DOCX (docxtpl) -> PDF (LibreOffice).

No Django and no ORM here (the web app's ``ita_tracker.documents`` feeds it plan files and
stores what it returns); ``ita-tracker render`` uses it without a database.
"""

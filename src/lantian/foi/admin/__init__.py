"""The staff back office of disclosure on application: queues, case pages, registration
of letters, visits and faxes, and the spreadsheet export."""

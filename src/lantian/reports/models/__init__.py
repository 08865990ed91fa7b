"""Records of the reports app, split by concern: the annual disclosure report's
narrative (:mod:`.annual`) and the website self-inspection's runs (:mod:`.inspection`)."""

from lantian.reports.models.annual import AnnualReportText
from lantian.reports.models.inspection import InspectionRun

__all__ = ["AnnualReportText", "InspectionRun"]

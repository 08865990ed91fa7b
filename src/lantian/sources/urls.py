"""Public pages of the 污染源监管 section (`/sources/…`)."""

from django.urls import path

from lantian.sources import views

app_name = "sources"

urlpatterns: list = [
    path("enterprises/", views.enterprise_list, name="enterprises"),
    path("enterprises/<str:credit_code>/", views.enterprise, name="enterprise"),
    path("exceedances/", views.exceedance_list, name="exceedances"),
    path("supervisory/", views.supervisory_index, name="supervisory_index"),
    path("supervisory/<int:year>/q<int:quarter>/", views.supervisory, name="supervisory"),
]

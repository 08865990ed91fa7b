"""Public pages of the 污染源监管 section (`/sources/…`)."""

from django.urls import path

from lantian.sources import account_views, views

app_name = "sources"

urlpatterns: list = [
    path("enterprises/", views.enterprise_list, name="enterprises"),
    path("enterprises/<str:credit_code>/", views.enterprise, name="enterprise"),
    path("exceedances/", views.exceedance_list, name="exceedances"),
    path("supervisory/", views.supervisory_index, name="supervisory_index"),
    path("supervisory/<int:year>/q<int:quarter>/", views.supervisory, name="supervisory"),
    # the enterprise's own account: sign in, its reports (enforcement's blocks), explanations
    path("account/", account_views.home, name="account"),
    path("account/sign-in/", account_views.login, name="account_login"),
    path("account/sign-out/", account_views.logout, name="account_logout"),
    path("account/password/forgotten/", account_views.reset, name="account_reset"),
    path("account/password/sent/", account_views.reset_sent, name="account_reset_sent"),
    path(
        "account/password/<uidb64>/<token>/",
        account_views.set_password,
        name="account_set_password",
    ),
    path("account/password/done/", account_views.password_set, name="account_password_set"),
    path("account/exceedances/<int:pk>/", account_views.explain, name="account_explain"),
]

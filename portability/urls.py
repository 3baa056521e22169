from django.urls import path

from portability import views

app_name = "portability"

# Mounted at accounts/ (reviewhub/urls.py), beside the sign-in pages: these names do not clash with theirs.
urlpatterns = [
    path("export/", views.export_page, name="export"),
    path("export/<int:pk>/download/", views.export_download, name="export-download"),
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import-cancel"),
    path("import/<int:pk>/status/", views.import_status, name="import-status"),
    path("import/<int:pk>/failed-rows.csv", views.import_failed_rows, name="import-failed-rows"),
]

"""A sent document's page: its error history, and "retry" / "ignore" buttons on the page itself.

The history is every log entry that names the document's GUID, oldest first (one query);
details such as tracebacks are shown to administrators only (`roles.is_administrator`).
"Retry" sends a failed document back to ``received``; "ignore" asks for a reason and keeps it
(`MobileDocument.send_back`, `MobileDocument.ignore`). Both need the inbox's change right.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from importer import handling
from importer.forms import IgnoreDocumentsForm
from importer.models import RunLogEntry
from operators.roles import is_administrator


class DocumentPageMixin:
    """For `MobileDocumentAdmin`: history on the page, ``<id>/retry/`` and ``<id>/ignore/``."""

    change_form_template = "admin/importer/mobiledocument/document_page.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/retry/", wrap(self.retry_view), name=f"{info[0]}_{info[1]}_retry"
            ),
            path(
                "<int:object_id>/ignore/",
                wrap(self.ignore_view),
                name=f"{info[0]}_{info[1]}_ignore",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, object_id)
        history = []
        if document is not None:
            history = list(
                RunLogEntry.objects.filter(document_guid=document.guid)
                .select_related("company_database")
                .order_by("created_at", "id")
            )
        context = {
            "history": history,
            "show_details": is_administrator(request.user),
            "can_handle": self.has_handle_permission(request),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def _document_for(self, request, object_id):
        if not self.has_handle_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.model, pk=object_id)

    def _page(self, document):
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(
            reverse(
                f"admin:{info[0]}_{info[1]}_change",
                args=[document.pk],
                current_app=self.admin_site.name,
            )
        )

    def retry_view(self, request, object_id):
        """POST: a failed document goes back to ``received`` (the next run tries it)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        document = self._document_for(request, object_id)
        if handling.send_back([document]).skipped:
            messages.warning(request, _("Only a failed document can be sent back."))
        else:
            messages.success(
                request, _("%(document)s was sent back to received.") % {"document": document.label}
            )
        return self._page(document)

    def ignore_view(self, request, object_id):
        """GET: ask for a reason; POST: mark the document ignored with that reason."""
        document = self._document_for(request, object_id)
        form = IgnoreDocumentsForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            if handling.ignore([document], form.cleaned_data["reason"]).skipped:
                messages.warning(request, _("An imported document cannot be ignored."))
            else:
                messages.success(
                    request, _("%(document)s is ignored.") % {"document": document.label}
                )
            return self._page(document)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ignore a document"),
            "opts": self.opts,
            "document": document,
            "form": form,
        }
        return TemplateResponse(request, "admin/importer/mobiledocument/ignore_one.html", context)

"""What the referral pages of every audience share."""

from django.http import HttpResponse

from .. import printing


def attach_errors(form, error):
    """A service's ValidationError shown next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def pdf_response(request, referral):
    response = HttpResponse(printing.pdf(request, referral), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printing.pdf_filename(referral)}"'
    return response

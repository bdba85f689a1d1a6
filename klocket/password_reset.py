"""Password-reset mails, limited per address and per client.

Django's own view sends a mail for every request; ten requests in a row sent ten mails to one
inbox. Here each address gets at most ADDRESS_RATE mails and each client may ask for at most
CLIENT_RATE, counted by django-ratelimit in the cache under hashed keys (no address is stored
in clear). A limited request gets the same "mail sent" page as any other, so the answer never
tells whether an address exists or was asked for recently.
"""

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django_ratelimit.core import is_ratelimited

ADDRESS_RATE = "3/h"
CLIENT_RATE = "10/h"

logger = logging.getLogger("klocket.security")


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        by_client = is_ratelimited(
            self.request, group="password_reset.client", key="ip", rate=CLIENT_RATE, method="POST", increment=True
        )
        by_address = is_ratelimited(
            self.request,
            group="password_reset.address",
            key=lambda _group, _request: address,
            rate=ADDRESS_RATE,
            method="POST",
            increment=True,
        )
        if by_client or by_address:
            logger.warning("password reset not sent: limit per %s reached", "client" if by_client else "address")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

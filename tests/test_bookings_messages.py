"""Sign-up messages: sent once and only once, in the booking's language, by e-mail and by text message.

Text messages go to a stub of 46elks' HTTP API on 127.0.0.1, never to the internet.
"""

import datetime as dt
import io
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bookings import links, messaging, services, sms
from bookings.models import Booking, Message
from tests.bookings_helpers import sign_up, workshop

SITE = "https://portal.example.se"


@pytest.fixture(autouse=True)
def site(settings):
    settings.KLOCKET_SITE_URL = SITE
    settings.KLOCKET_SMS_BACKEND = "46elks"
    settings.KLOCKET_46ELKS_USERNAME = "u-test"
    settings.KLOCKET_46ELKS_PASSWORD = "secret"


class Stub:
    def __init__(self):
        self.received = []
        self.fail_next = 0


@pytest.fixture
def elks(settings):
    """A local stand-in for https://api.46elks.com/a1/sms."""
    stub = Stub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if stub.fail_next:
                stub.fail_next -= 1
                self.send_response(503)
                self.end_headers()
                return
            stub.received.append({"auth": self.headers["Authorization"], **{k: v[0] for k, v in form.items()}})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"status": "created", "id": "s1"}).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KLOCKET_46ELKS_URL = f"http://127.0.0.1:{server.server_port}/a1/sms"
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def occurrence(organisation_a, venue):
    return workshop(organisation_a, venue, capacity=1, days_ahead=3)


def test_confirmation_by_e_mail_once_in_the_chosen_language(occurrence):
    booking = sign_up(occurrence, email="amina@example.org", language="en", name="Amina")
    out = io.StringIO()
    call_command("send_booking_messages", stdout=out)
    call_command("send_booking_messages", stdout=out)
    assert "sent 1," in out.getvalue() and "sent 0," in out.getvalue()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["amina@example.org"]
    assert email.subject == "Booked: Verkstad: cykelreparation"
    assert "Hello Amina," in email.body and SITE + links.path_for(booking) in email.body
    assert email.from_email.startswith("Hyresgästföreningen via KLOCKET <")
    assert booking.messages.get().status == Message.Status.SENT


def test_swedish_is_the_message_language_when_chosen(occurrence):
    sign_up(occurrence, email="a@example.org", language="sv")
    messaging.send_pending()
    assert mail.outbox[0].subject == "Bokad: Verkstad: cykelreparation"


def test_sms_through_46elks_and_the_waiting_list_position(occurrence, elks):
    sign_up(occurrence, phone="+46701112233", language="en")
    sign_up(occurrence, phone="+46702223344", language="en")
    result = messaging.send_pending()
    assert result.sent == 2 and len(elks.received) == 2
    first, second = elks.received
    assert first["to"] == "+46701112233" and first["from"] == "KLOCKET"
    assert first["auth"].startswith("Basic ")
    assert "Booked: Verkstad" in first["message"] and "Hyresgästföreningen:" in first["message"]
    assert "Waiting list, number 1:" in second["message"]


def test_provider_errors_are_retried_up_to_the_limit(occurrence, elks):
    booking = sign_up(occurrence, phone="+46701112233")
    elks.fail_next = 1
    assert messaging.send_pending().failed == 1
    message = booking.messages.get()
    assert (message.status, message.attempts, message.last_error) == ("pending", 1, "46elks answered HTTP 503")
    assert messaging.send_pending().sent == 1
    assert len(elks.received) == 1
    Message.objects.filter(pk=message.pk).update(status="pending", attempts=0)
    elks.fail_next = Message.MAX_ATTEMPTS
    for _ in range(Message.MAX_ATTEMPTS + 2):
        messaging.send_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == Message.MAX_ATTEMPTS


def test_a_sent_message_is_not_sent_again_after_a_crash(occurrence, elks, monkeypatch):
    first = sign_up(occurrence, phone="+46701112233")
    second = sign_up(occurrence, phone="+46702223344")
    calls = []
    real = messaging._deliver

    def crash_on_second(message, backend):
        calls.append(message.pk)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the run dies half-way
        real(message, backend)

    monkeypatch.setattr(messaging, "_deliver", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        messaging.send_pending()
    monkeypatch.setattr(messaging, "_deliver", real)
    messaging.send_pending()
    assert [r["to"] for r in elks.received] == [first.phone, second.phone]


def test_promotion_is_told_and_reminders_go_to_the_booked_only(occurrence, elks, time_machine):
    first = sign_up(occurrence, email="first@example.org", language="en")
    second = sign_up(occurrence, email="second@example.org", language="en")
    messaging.send_pending()
    services.cancel(first)
    messaging.send_pending()
    assert mail.outbox[-1].to == ["second@example.org"]
    assert mail.outbox[-1].subject == "You got a place: Verkstad: cykelreparation"
    mail.outbox.clear()
    time_machine.move_to(occurrence.start - dt.timedelta(hours=20))
    result = messaging.send_pending()
    assert result.queued_reminders == 1 and [m.to for m in mail.outbox] == [["second@example.org"]]
    reminder = mail.outbox[0]
    assert reminder.subject == "Reminder: Verkstad: cykelreparation"
    (name, content, kind) = reminder.attachments[0]
    assert kind == "text/calendar" and "BEGIN:VEVENT" in str(content)
    assert messaging.send_pending().queued_reminders == 0
    assert Booking.objects.get(pk=second.pk).messages.filter(kind="reminder").count() == 1


def test_the_log_names_no_recipient_nor_text(occurrence, caplog):
    sign_up(occurrence, email="private@example.org", name="Hemlig")
    with caplog.at_level("INFO", logger="klocket.bookings"):
        messaging.send_pending()
    logged = " ".join(str(record.__dict__) for record in caplog.records)
    assert "booking message sent" in logged
    assert "private@example.org" not in logged and "Hemlig" not in logged


def test_console_backend_prints(capsys):
    sms.ConsoleBackend().send("+46701112233", "Hej")
    assert "SMS to +46701112233" in capsys.readouterr().out


def test_messages_for_a_cancelled_booking_are_dropped(occurrence):
    booking = sign_up(occurrence, email="a@example.org")
    services.cancel(booking)
    assert messaging.send_pending().dropped == 1
    assert mail.outbox == []
    assert timezone.now() < occurrence.start

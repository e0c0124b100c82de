"""What happens to an email after it left: the provider's bounce reports (booking/notify/
webhooks.py receives them)."""

from django.db import transaction

from booking.models import Appointment, OutboxMessage, OutboxStatus


def email_bounced(*, provider_message_id: str, reason: str, at) -> int:
    """Mark the messages the provider could not deliver, and the appointment when the message
    was addressed to its founder (the adviser sees that the address does not work); returns
    how many messages were found."""
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_related("appointment").filter(
                provider_message_id=provider_message_id
            )
        )
        for message in messages:
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxStatus.BOUNCED, last_error=reason.strip()[:2000]
            )
            appointment = message.appointment
            if appointment is not None and appointment.email.lower() == message.to_email.lower():
                Appointment.objects.filter(pk=appointment.pk).update(email_bounced_at=at)
    return len(messages)

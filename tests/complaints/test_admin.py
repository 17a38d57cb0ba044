from klachtpad.complaints.models import Complaint

from .factories import ComplaintFactory, UserFactory


def test_admin_shows_a_complaint_read_only(seeded, client):
    complaint = ComplaintFactory.create(acknowledged=True)
    admin = UserFactory.create(username="beheer", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    assert complaint.reference in page.content.decode()
    response = client.post(f"/admin/complaints/complaint/{complaint.pk}/change/", {"summary": "x"})
    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).summary != "x"

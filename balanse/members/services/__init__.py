"""Business rules of the member register. Each function runs in one transaction and writes the audit log.

Split by subject; other apps and the views import from `balanse.members.services`.
"""

from balanse.members.services.fees import (  # noqa: F401
    ClaimResult,
    apply_payment,
    check_tier,
    create_claims,
    delete_tier,
    fee_for_invoice_token,
    invoice_context,
    invoice_token,
    joined_after_cutoff,
    prepare_fees,
    record_payment,
    reminder_limit,
    reminders_due,
    save_fee_year,
    save_tier,
    send_invoices,
    send_reminders,
    set_fee,
)
from balanse.members.services.memberships import (  # noqa: F401
    ApplicationError,
    add_member,
    approve_application,
    clean_org_number,
    decline_application,
    delete_contact,
    find_organisation,
    log_contact,
    submit_application,
    sync_organisation,
    sync_organisations,
    update_member,
)
from balanse.members.services.payments import (  # noqa: F401
    dismiss_payment,
    import_statement,
    place_payment,
    preview_statement,
)
from balanse.members.services.supporting import (  # noqa: F401
    SupportingMemberError,
    confirm_supporting_member,
    erase_supporting_members,
    leave_supporting_member,
    leave_token,
    sign_up_supporting_member,
    supporting_member_for_confirm_token,
    supporting_member_for_leave_token,
)

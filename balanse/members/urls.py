from django.urls import path

from balanse.members.views import collaboration, fees, invoices, operator, public

app_name = "members"

urlpatterns = [
    # Public
    path("bli-medlem/", public.apply, name="apply"),
    path("bli-medlem/takk/", public.apply_thanks, name="apply_thanks"),
    path("stottemedlem/", public.supporting_signup, name="supporting_signup"),
    path("stottemedlem/sendt/", public.supporting_sent, name="supporting_sent"),
    path("stottemedlem/bekreft/<str:token>/", public.supporting_confirm, name="supporting_confirm"),
    path("stottemedlem/meld-ut/<str:token>/", public.supporting_leave, name="supporting_leave"),
    path("kontingent/faktura/<str:token>/", invoices.invoice_by_link, name="invoice_by_link"),
    # The organisation's admins
    path("virksomhet/<int:pk>/kontingent/<int:year>/faktura.pdf", invoices.invoice, name="invoice"),
    # The operator
    path("drift/medlemmer/", operator.member_list, name="list"),
    path("drift/medlemmer/eksport/", operator.member_export, name="export"),
    path("drift/medlemmer/ny/", operator.member_add, name="add"),
    path("drift/medlemmer/<int:pk>/", operator.member_detail, name="detail"),
    path("drift/medlemmer/<int:pk>/rediger/", operator.member_edit, name="edit"),
    path("drift/medlemmer/<int:pk>/kontingent/<int:year>/", operator.set_fee, name="set_fee"),
    path(
        "drift/medlemmer/<int:pk>/kontingent/<int:year>/betaling/",
        operator.record_payment,
        name="record_payment",
    ),
    path("drift/medlemmer/soknader/", operator.application_list, name="applications"),
    path("drift/medlemmer/soknader/<int:pk>/", operator.application_detail, name="application"),
    path("drift/medlemmer/kontingent/", fees.fee_year, name="fees"),
    path("drift/medlemmer/kontingent/<int:year>/frist/", fees.save_fee_year, name="save_fee_year"),
    path("drift/medlemmer/kontingent/<int:year>/nivaer/", fees.add_tier, name="add_tier"),
    path("drift/medlemmer/kontingent/nivaer/<int:pk>/slett/", fees.delete_tier, name="delete_tier"),
    path("drift/medlemmer/kontingent/<int:year>/krav/", fees.create_claims, name="create_claims"),
    path("drift/medlemmer/kontingent/<int:year>/send/", fees.send_invoices, name="send_invoices"),
    path("drift/medlemmer/kontingent/<int:year>/fakturagrunnlag/", fees.invoice_basis, name="invoice_basis"),
    path("drift/medlemmer/kontingent/purringer/", fees.send_reminders, name="send_reminders"),
    path("drift/medlemmer/innbetalinger/", fees.payments, name="payments"),
    path("drift/medlemmer/innbetalinger/<int:pk>/", fees.statement, name="statement"),
    path("drift/medlemmer/innbetalinger/betaling/<int:pk>/", fees.place_payment, name="place_payment"),
    path("drift/medlemmer/samarbeid/", collaboration.collaboration, name="collaboration"),
    path("drift/medlemmer/samarbeid/<int:pk>/slett/", collaboration.delete_contact, name="delete_contact"),
    path("drift/stottemedlemmer/", collaboration.supporting_list, name="supporting"),
]

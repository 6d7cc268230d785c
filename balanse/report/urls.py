from django.urls import path

from balanse.report.views import board, finance, operator, public, survey

app_name = "report"

urlpatterns = [
    # Public
    path("arsrapport/", public.published_list, name="published_list"),
    path("arsrapport/<int:year>/", public.report_page, name="public"),
    path("arsrapport/<int:year>/arsrapport.pdf", public.report_pdf, name="pdf"),
    path("styreundersokelse/takk/", survey.answer_thanks, name="answer_thanks"),
    path("styreundersokelse/<str:token>/", survey.answer, name="answer"),
    # The operator
    path("drift/arsrapport/", operator.overview, name="overview"),
    path("drift/arsrapport/<int:year>/", operator.edit, name="edit"),
    path("drift/arsrapport/<int:year>/tekst/", operator.save_text, name="save_text"),
    path("drift/arsrapport/<int:year>/publiser/", operator.publish, name="publish"),
    path("drift/arsrapport/<int:year>/avpubliser/", operator.unpublish, name="unpublish"),
    path("drift/arsrapport/<int:year>/tall.json", operator.figures_json, name="figures_json"),
    path("drift/arsrapport/<int:year>/tall.csv", operator.figures_csv, name="figures_csv"),
    path("drift/arsrapport/<int:year>/styre/", board.board, name="board"),
    path("drift/arsrapport/<int:year>/fakta/", board.save_facts, name="save_facts"),
    path("drift/arsrapport/styre/<int:pk>/", board.edit_position, name="edit_position"),
    path("drift/arsrapport/styre/<int:pk>/slett/", board.delete_position, name="delete_position"),
    path("drift/arsrapport/<int:year>/okonomi/", finance.finance, name="finance"),
    path("drift/arsrapport/okonomi/<int:pk>/slett/", finance.delete_line, name="delete_line"),
    path("drift/arsrapport/<int:year>/okonomi/koble/", finance.map_line, name="map_line"),
    path("drift/arsrapport/<int:year>/undersokelse/", survey.survey_page, name="survey"),
    path("drift/arsrapport/<int:year>/undersokelse/ny/", survey.create, name="survey_create"),
    path("drift/arsrapport/<int:year>/undersokelse/terskel/", survey.threshold, name="survey_threshold"),
    path("drift/arsrapport/<int:year>/undersokelse/sporsmal/", survey.question, name="survey_question_add"),
    path(
        "drift/arsrapport/<int:year>/undersokelse/sporsmal/<int:pk>/",
        survey.question,
        name="survey_question",
    ),
    path(
        "drift/arsrapport/<int:year>/undersokelse/sporsmal/<int:pk>/slett/",
        survey.delete_question,
        name="survey_question_delete",
    ),
    path("drift/arsrapport/<int:year>/undersokelse/send/", survey.send, name="survey_send"),
    path("drift/arsrapport/<int:year>/undersokelse/purring/", survey.remind, name="survey_remind"),
    path("drift/arsrapport/<int:year>/undersokelse/lukk/", survey.close, name="survey_close"),
]

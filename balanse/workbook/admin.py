"""The operator edits the default content (risk factors, rule suggestions, guidance texts) here."""

from django.contrib import admin

from balanse.workbook.models import ContentText, RiskFactor, RuleSuggestion


@admin.register(RiskFactor)
class RiskFactorAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(RuleSuggestion)
class RuleSuggestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position"]
    filter_horizontal = ["factors"]


@admin.register(ContentText)
class ContentTextAdmin(admin.ModelAdmin):
    list_display = ["key", "updated"]

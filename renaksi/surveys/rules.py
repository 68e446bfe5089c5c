import rules

from renaksi.organisations.rules import can_manage_unit_of, can_view_unit_of

rules.add_perm("surveys.view_survey", can_view_unit_of)
rules.add_perm("surveys.change_survey", can_manage_unit_of)

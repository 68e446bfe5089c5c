"""Who may publish, read and answer plan templates.

- the Sekretaris or unit administrator of a unit publishes templates from that unit's plan;
- a template, its per-unit status and its cross-unit indicator view are read by whoever may see
  the publishing unit (its members and those of its ancestors); the recipients' data shown there
  lies below the publisher, so the tree rule already lets those readers see it;
- a recipient row (the template as received, and the recipient's changes) is read by whoever may
  see the recipient unit, which includes the publisher's members;
- only the recipient unit's Sekretaris or administrator adopts or declines.
"""

import rules

from renaksi.organisations.rules import can_manage_unit_of, can_view_unit_of

rules.add_perm("cascade.publish_template", can_manage_unit_of)
rules.add_perm("cascade.view_template", can_view_unit_of)
rules.add_perm("cascade.view_recipient", can_view_unit_of)
rules.add_perm("cascade.respond_template", can_manage_unit_of)

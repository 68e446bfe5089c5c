from datetime import date

from renaksi.surveys.demo import seed_demo_extension
from renaksi.surveys.models import Response, Service, Source
from renaksi.surveys.selectors import survey_ikm


def test_the_demo_adds_two_services_and_a_quarter_of_answers_once(small_plan):
    seed_demo_extension(plan=small_plan, today=date(small_plan.year, 9, 15))
    seed_demo_extension(plan=small_plan, today=date(small_plan.year, 9, 15))
    assert Service.objects.filter(unit=small_plan.unit).count() == 2
    assert Response.objects.filter(source=Source.TYPED).count() == 24
    assert Response.objects.filter(source=Source.IMPORTED).count() == 16
    result = survey_ikm(
        unit=small_plan.unit, start=date(small_plan.year, 7, 1), end=date(small_plan.year, 9, 30)
    )
    assert result.respondents == 40 and result.ikm is not None

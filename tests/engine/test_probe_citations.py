"""A probe of a missed point sends the reader to the section the main feedback sent them to."""
from __future__ import annotations


def test_a_probe_cites_the_section_its_point_was_cited_with_in_the_question(services):
    grading = services.grading
    checked = 0
    for q in services.pack.questions:
        graded = grading.rubric_for(q)
        for point, item in zip(q.rubric, graded.items):
            if item.citation is None or item.citation.section_id == q.sources[0]:
                continue  # the first source: the old behaviour gave it anyway
            probe = grading.rubric_for(q, point=point)
            assert probe.items[0].citation == item.citation, (q.id, point.id)
            checked += 1
    assert checked > 0, "no point in the bank cites a section other than its question's first"

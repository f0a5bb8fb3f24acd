"""What an imported action plan recorded: each finding's owner, due date and status.

``carekg actions --import`` writes ``ckg:owner``, ``ckg:dueDate`` and
``ckg:actionStatus`` on findings, each also described by a
``ckg:CuratedStatement`` naming the file it came from
(``prov:wasDerivedFrom``). This question reads them back for the pack, the
next action plan and the importer itself.

>>> from carekg.graph.ask.actions import recorded_actions
>>> recorded_actions(bexley)   # nothing imported into the bundled store
{}
"""

from __future__ import annotations

from carekg.graph.model.namespaces import CKG

RECORDED = """
SELECT ?finding ?p ?o ?file WHERE {
  VALUES ?p { ckg:owner ckg:dueDate ckg:actionStatus }
  ?finding ?p ?o .
  OPTIONAL {
    ?statement a ckg:CuratedStatement ; rdf:subject ?finding ; rdf:predicate ?p ;
               rdf:object ?o ; prov:wasDerivedFrom ?file .
  }
}
ORDER BY ?finding ?p ?o ?file
"""

FIELDS = {
    CKG.owner.value: "owner",
    CKG.dueDate.value: "due_date",
    CKG.actionStatus.value: "status",
}


def recorded_actions(store) -> dict[str, dict]:
    """Each finding with a recorded action: ``{finding IRI: {owner, due_date, status, source}}``.

    Values are strings (the due date as ``YYYY-MM-DD``) or None when the plan
    left them empty; ``source`` is the file name they were imported from.
    """
    out: dict[str, dict] = {}
    for row in store.select(RECORDED):
        entry = out.setdefault(
            row["finding"].value, {"owner": None, "due_date": None, "status": None, "source": None}
        )
        field = FIELDS[row["p"].value]
        if entry[field] is None:
            entry[field] = row["o"].value
        if row["file"] is not None and entry["source"] is None:
            entry["source"] = row["file"].value
    return out

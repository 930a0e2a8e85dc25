"""The manifest breaks the JSON Schema of its format (`cwlint schema` prints it).

One finding per violation, at the offending value: a wrong type, a value outside its choices,
an unknown key (at the key, with "did you mean"), a missing required key (at its parent).
Editors that read the schema show the same descriptions while you type.
"""

from cwlint.findings import Severity

ID = "CW003"
NAME = "schema"
SEVERITY = Severity.ERROR
SUMMARY = "The manifest breaks the JSON Schema (one finding per violation, at its line:col)"
BAD = """
cwlint: 1
name: acme-1stream
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
pods:
  - description: 1stream call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
    height: tall
"""
GOOD = """
cwlint: 1
name: acme-1stream
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
pods:
  - description: 1stream call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
    height: 300
"""
SOURCE = "schemas/manifest-1.schema.json"

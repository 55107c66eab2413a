"""Size limits on input and on echoed text (docs/batch.md, "Faults").

Every bound that protects the tool from a huge or hostile input is named here once;
messages quote these names, never literals.
"""

from __future__ import annotations

from typing import Final

# One record (a JSON line, or a CSV row with every line a quoted cell spans), in bytes.
# Longer records are skipped with an error record naming the line; memory stays flat.
MAX_RECORD_BYTES: Final = 1_048_576
# Bytes read at a time from the input (a record longer than this is read in pieces).
READ_BLOCK_BYTES: Final = 65_536
# A quoted CSV cell running over more lines than this is taken as unclosed.
MAX_LINES_PER_RECORD: Final = 200
# A case file for `triage assess --case`.
MAX_CASE_FILE_BYTES: Final = MAX_RECORD_BYTES

# Field lengths at the boundary (characters).
MAX_ID_CHARS: Final = 200  # case_id
MAX_TEXT_CHARS: Final = 200  # a unit, a medicine name, a symptom or condition
MAX_LIST_ITEMS: Final = 100  # medications, symptoms, conditions
MAX_CARRIED_CHARS: Final = 10_000  # a carried `note` or `expected_*` value

# Echoed text: any user value shown on a terminal, in a message or in a report.
ECHO_MAX_CHARS: Final = 200  # one echoed value (an id, a name, a unit)
ECHO_MAX_MESSAGE_CHARS: Final = 1_000  # one message that quotes user values

# The local web server (`triage serve`, docs/web.md).
MAX_WEB_BODY_BYTES: Final = MAX_CASE_FILE_BYTES  # a form or an API request body
MAX_UPLOAD_BYTES: Final = 2 * 1_048_576  # a batch file uploaded to the batch page
MAX_WEB_ANSWERS: Final = 500  # answers carried by one interview page
MAX_WEB_ANSWER_CHARS: Final = 1_000  # one answer typed into an interview page

"""The people page (salariés en insertion): the list, the record dialogs, import and export."""

-- Region search by pinyin (登记's region picker: `ljd` finds 梁家墩村). Holds the initials and the
-- full pinyin, e.g. "ljdc liangjiaduncun"; NULL until the server fills it (pinyin needs a dictionary,
-- so existing rows are filled by the server on the first search in a subtree, new rows on write).
ALTER TABLE regions ADD COLUMN pinyin text;

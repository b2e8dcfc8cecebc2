// Package inbox watches a folder for article files (the portal's plain-text
// export), publishes each one, and moves it to done/ or failed/. Only files
// with an article's shape are published (ParseExportArticle); only articles
// newer than the push age limit are pushed.
//
// It owns the parser of the portal's export (ParseExport,
// ParseExportArticle, ParseError and its sentinel errors ErrEmpty,
// ErrNotText, ErrTooLarge, ErrNoTitle, ErrBadDate, ErrNotArticle, and the
// caps MaxExportSize, MaxTitleRunes, MaxLeadRunes, MaxParagraphRunes,
// MaxAttachmentLabelRunes), used by the watcher and by `newsbot demo`.
//
// Documents come with their export: a line "Tệp đính kèm: NAME" in the
// export names a file (.pdf, .doc, .docx, .xls, .xlsx, .odt, .zip, .rar) put
// in the inbox beside it. The scan leaves such files alone until an export
// names them; the export is then published with the documents, which move to
// done/ID/ (ID the article's) with their Attachment.Path pointing there, or
// to failed/ with the export when one is refused (wrong type by name or
// first bytes, over 50 MB, not a plain name) or still missing AttachmentWait
// after the export arrived.
//
// It imports content, content/guard, content/safefile and content/vi only; it must not
// import store, bot or content/source: it hands articles to a publisher the
// caller gives it (PublishFunc).
package inbox

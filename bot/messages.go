package bot

import (
	"fmt"
	"strings"
)

// Lang is the language of the bot's replies.
type Lang string

// The languages the catalogue speaks. Vietnamese is the default.
const (
	Vietnamese Lang = "vi"
	English    Lang = "en"
)

// LangFor maps a Telegram language_code ("vi", "en-GB", "") to a reply
// language: English for English-speaking Telegram, Vietnamese otherwise.
func LangFor(code string) Lang {
	if code == "en" || strings.HasPrefix(code, "en-") {
		return English
	}
	return Vietnamese
}

// msg names one user-facing text of the catalogue.
type msg string

// The catalogue's keys. Each is present in every language (a test checks).
const (
	msgWelcome             msg = "welcome"
	msgWelcomeNews         msg = "welcome_news"    // the welcome's sentence when no organisation is named
	msgWelcomeNewsOf       msg = "welcome_news_of" // … and when one is (Identity.Org)
	msgWelcomeBack         msg = "welcome_back"
	msgHelp                msg = "help"
	msgHelpAdmin           msg = "help_admin"
	msgHelpPortal          msg = "help_portal"
	msgSubscribed          msg = "subscribed"
	msgAlreadySub          msg = "already_subscribed"
	msgUnsubscribed        msg = "unsubscribed"
	msgNotSubscribed       msg = "not_subscribed"
	msgLatestHeader        msg = "latest_header"
	msgLatestEmpty         msg = "latest_empty"
	msgLatestBadCount      msg = "latest_bad_count"
	msgUnknownCommand      msg = "unknown_command"
	msgNotACommand         msg = "not_a_command"
	msgInternalError       msg = "internal_error"
	msgReadMore            msg = "read_more"
	msgPublishedAt         msg = "published_at"
	msgDocsFollow          msg = "docs_follow"         // the card of an article whose documents follow it
	msgDocLinked           msg = "doc_linked"          // a document too large to send, linked
	msgDocTooLarge         msg = "doc_too_large"       // a document too large to send, without a link
	msgDocNotSentLinked    msg = "doc_not_sent_linked" // a document that could not be sent, linked
	msgDocNotSent          msg = "doc_not_sent"        // a document that could not be sent, without a link
	msgDocsHeader          msg = "docs_header"         // above the documents in the full text
	msgSomeone             msg = "someone"             // what a person without a name is called
	msgCommandStart        msg = "command_start"
	msgCommandHelp         msg = "command_help"
	msgCommandLatest       msg = "command_latest"
	msgCommandSubscribe    msg = "command_subscribe"
	msgCommandUnsub        msg = "command_unsubscribe"
	msgCommandSearch       msg = "command_search"
	msgSearchHelp          msg = "search_help"
	msgSearchNone          msg = "search_none"
	msgSearchCount         msg = "search_count"
	msgSearchAll           msg = "search_count_all"  // every result on one page
	msgSearchLast          msg = "search_count_last" // a last page of one result
	msgStaleButton         msg = "search_stale"
	msgPrev                msg = "prev"
	msgNext                msg = "next"
	msgCommandStats        msg = "command_stats"
	msgStatsCounter        msg = "stats_counter"
	msgStatsAdmin          msg = "stats_admin"
	msgStatsMostViewed     msg = "stats_most_viewed"
	msgChartTitle          msg = "chart_title"
	msgReadFull            msg = "read_full"
	msgArticleGone         msg = "article_gone"
	msgKeepOneCategory     msg = "keep_one_category"
	msgSaved               msg = "saved"
	msgSettings            msg = "settings"
	msgQuietOff            msg = "quiet_off"
	msgCommandSettings     msg = "command_settings"
	msgCatNews             msg = "category_tin-tuc"
	msgCatConference       msg = "category_hoi-nghi"
	msgCatDirective        msg = "category_chi-dao"
	msgCatAnnouncement     msg = "category_thong-bao"
	msgAdminOnly           msg = "admin_only"
	msgBroadcastUsage      msg = "broadcast_usage"
	msgBroadcastPreview    msg = "broadcast_preview"
	msgBroadcastSend       msg = "broadcast_send"
	msgBroadcastCancel     msg = "broadcast_cancel"
	msgBroadcastDropped    msg = "broadcast_dropped"
	msgBroadcastAlready    msg = "broadcast_already"
	msgBroadcastStarting   msg = "broadcast_starting"
	msgBroadcastStarted    msg = "broadcast_started"
	msgBroadcastTooLong    msg = "broadcast_too_long"
	msgBroadcastExpired    msg = "broadcast_expired"
	msgJobProgress         msg = "job_progress"
	msgJobReport           msg = "job_report"
	msgJobCancelledReport  msg = "job_cancelled_report"
	msgJobsNone            msg = "jobs_none"
	msgJobsHeader          msg = "jobs_header"
	msgJobBroadcast        msg = "job_broadcast"
	msgJobArticle          msg = "job_article"
	msgJobCancel           msg = "job_cancel"
	msgJobCancelled        msg = "job_cancelled"
	msgJobAlreadyDone      msg = "job_already_done"
	msgJobAlreadyCancelled msg = "job_already_cancelled"
	// Taking an article back (Retractions, jobRun.takeBack, jobRun.correctChat).
	msgRetractedArticle      msg = "retracted_article"
	msgRetractedBroadcast    msg = "retracted_broadcast"
	msgJobRetract            msg = "job_retract"
	msgRetractProgress       msg = "retract_progress"
	msgRetractReport         msg = "retract_report"
	msgRetractPreview        msg = "retract_preview"
	msgRetractPreviewJob     msg = "retract_preview_job"
	msgRetractButton         msg = "retract_button"
	msgRetractJobButton      msg = "retract_job_button"
	msgRetractConfirm        msg = "retract_confirm"
	msgRetractKeep           msg = "retract_keep"
	msgRetractKept           msg = "retract_kept"
	msgRetractQueued         msg = "retract_queued"
	msgRetractUsage          msg = "retract_usage"
	msgRetractNotRetractable msg = "retract_not_retractable"
	msgJobRetracted          msg = "job_retracted"
	msgReceiptRetracted      msg = "receipt_retracted"
	msgCorrectedMark         msg = "corrected_mark"
	msgCorrectionNotice      msg = "correction_notice"
	msgJobCorrect            msg = "job_correct"
	msgCorrectReport         msg = "correct_report"
	msgCorrectButton         msg = "correct_button"
	msgCorrectUsage          msg = "correct_usage"
	msgCorrectHow            msg = "correct_how"
	msgCorrectPreview        msg = "correct_preview"
	msgCorrectConfirm        msg = "correct_confirm"
	msgCorrectConfirmNotify  msg = "correct_confirm_notify"
	msgCorrectQueued         msg = "correct_queued"
	msgCorrectQueuedJob      msg = "correct_queued_job"
	msgCorrectPreviewJob     msg = "correct_preview_job"
	msgCorrectHowJob         msg = "correct_how_job"
	msgCorrectJobButton      msg = "correct_job_button"
	msgCorrectNotCorrectable msg = "correct_not_correctable"
	// /sources (Sources) and the alerts about failing sources.
	msgSourcesNone      msg = "sources_none"
	msgSourcesHeader    msg = "sources_header"
	msgSourceLine       msg = "source_line"
	msgSourceNever      msg = "source_never"
	msgSourcePausedNote msg = "source_paused_note"
	msgSourceFailing    msg = "source_failing"
	msgSourceBlocked    msg = "source_blocked"
	msgSourcePause      msg = "source_pause"
	msgSourceResume     msg = "source_resume"
	msgSourcePausedDone msg = "source_paused_done"
	msgSourceResumed    msg = "source_resumed"
	msgSourceAlert      msg = "source_alert"
	msgSourceRecovered  msg = "source_recovered"
	// The poison quarantine.
	msgUpdateQuarantined msg = "update_quarantined"

	// Roles, closed mode and invites.
	msgMembersOnly        msg = "members_only"
	msgJoinPending        msg = "join_pending"
	msgJoinStillPending   msg = "join_still_pending"
	msgJoinRejectedBefore msg = "join_rejected_before"
	msgJoinPrivateOnly    msg = "join_private_only"
	// Closed mode in groups: a group is served once an admin approves it.
	msgGroupNotApproved        msg = "group_not_approved"
	msgGroupJoinPending        msg = "group_join_pending"
	msgGroupJoinStillPending   msg = "group_join_still_pending"
	msgGroupJoinRejectedBefore msg = "group_join_rejected_before"
	msgGroupJoinRequestAdmin   msg = "group_join_request_admin"
	msgGroupJoinApproved       msg = "group_join_approved"
	msgGroupJoinRejected       msg = "group_join_rejected"
	msgJoinRequestAdmin        msg = "join_request_admin"
	msgJoinApprove             msg = "join_approve"
	msgJoinReject              msg = "join_reject"
	msgJoinApprovedAdmin       msg = "join_approved_admin"
	msgJoinRejectedAdmin       msg = "join_rejected_admin"
	msgJoinAlreadyDecided      msg = "join_already_decided"
	msgJoinUnknown             msg = "join_unknown"
	msgJoinApproved            msg = "join_approved"
	msgJoinRejected            msg = "join_rejected"
	msgInviteBad               msg = "invite_bad"
	msgInviteExpired           msg = "invite_expired"
	msgInviteUsedUp            msg = "invite_used_up"
	msgInviteUsage             msg = "invite_usage"
	msgInvitePrivateOnly       msg = "invite_private_only"
	msgInviteCreated           msg = "invite_created"
	msgInvitesNone             msg = "invites_none"
	msgInvitesHeader           msg = "invites_header"
	msgInviteLine              msg = "invite_line"
	msgInviteRevoke            msg = "invite_revoke"
	msgInviteRevoked           msg = "invite_revoked"
	msgInviteGone              msg = "invite_gone"
	msgAdminsHeader            msg = "admins_header"
	msgAdminsHowTo             msg = "admins_howto"
	msgAdminsUsage             msg = "admins_usage"
	msgAdminRemoveButton       msg = "admin_remove_button"
	msgAdminAdded              msg = "admin_added"
	msgAdminAlready            msg = "admin_already"
	msgAdminRemoveAsk          msg = "admin_remove_ask"
	msgAdminRemoveYes          msg = "admin_remove_yes"
	msgAdminRemoveNo           msg = "admin_remove_no"
	msgAdminRemoved            msg = "admin_removed"
	msgAdminNotAdmin           msg = "admin_not_admin"
	msgAdminLast               msg = "admin_last"
	msgAdminKept               msg = "admin_kept"
	msgAuditHeader             msg = "audit_header"
	msgAuditEmpty              msg = "audit_empty"
	msgAuditCLI                msg = "audit_cli"
	// /members: pending requests and removing members (Roll).
	msgMembersHeader        msg = "members_header"
	msgMembersOpen          msg = "members_open"
	msgMembersNonePending   msg = "members_none_pending"
	msgMembersPendingHeader msg = "members_pending_header"
	msgMembersPendingLine   msg = "members_pending_line"
	msgMembersPendingMore   msg = "members_pending_more"
	msgMembersApprove       msg = "members_approve"
	msgMembersReject        msg = "members_reject"
	msgMembersHowTo         msg = "members_howto"
	msgMembersUsage         msg = "members_usage"
	msgMemberRemoveAsk      msg = "member_remove_ask"
	msgMemberBackClosed     msg = "member_back_closed"
	msgMemberBackOpen       msg = "member_back_open"
	msgMemberRemoveYes      msg = "member_remove_yes"
	msgMemberRemoveNo       msg = "member_remove_no"
	msgMemberRemoved        msg = "member_removed"
	msgMemberKept           msg = "member_kept"
	msgMemberUnknown        msg = "member_unknown"
	msgMemberIsAdmin        msg = "member_is_admin"
	// Publishing from the bot (/post), acknowledgements and /receipts.
	msgPostUsage            msg = "post_usage"
	msgPostTitleTooLong     msg = "post_title_too_long"
	msgPostBodyTooLong      msg = "post_body_too_long"
	msgPostChoose           msg = "post_choose"
	msgPostDropped          msg = "post_dropped"
	msgPostPublished        msg = "post_published"
	msgPostAlready          msg = "post_already"
	msgPostExpired          msg = "post_expired"
	msgPostDocRefused       msg = "post_doc_refused" // a document /post does not take, by its name or type
	msgAckButton            msg = "ack_button"
	msgAckDoneButton        msg = "ack_done_button"
	msgAckRecorded          msg = "ack_recorded"
	msgAckAlready           msg = "ack_already"
	msgAckNotForYou         msg = "ack_not_for_you"
	msgAckReminder          msg = "ack_reminder"
	msgBroadcastSendAck     msg = "broadcast_send_ack"
	msgReceiptsHeader       msg = "receipts_header"
	msgReceiptsNone         msg = "receipts_none"
	msgReceiptsLine         msg = "receipts_line"
	msgReceiptHeader        msg = "receipt_header"
	msgReceiptAcked         msg = "receipt_acked"
	msgReceiptPending       msg = "receipt_pending"
	msgReceiptMore          msg = "receipt_more"
	msgReceiptUnreachable   msg = "receipt_unreachable"
	msgReceiptNotSent       msg = "receipt_not_sent"
	msgReceiptLeft          msg = "receipt_left"
	msgReceiptReminded      msg = "receipt_reminded"
	msgReceiptRemind        msg = "receipt_remind"
	msgReceiptRemindSent    msg = "receipt_remind_sent"
	msgReceiptRemindAlready msg = "receipt_remind_already"
	msgReceiptRemindNobody  msg = "receipt_remind_nobody"
	msgJobReminder          msg = "job_reminder"
	// Security (branch security).
	msgTooFast msg = "too_fast"
	// Settings: language, daily digest, related articles (branch settings).
	msgSettingsMore msg = "settings_more"
	msgLangName     msg = "lang_name"
	msgDigestToggle msg = "digest_toggle"
	msgDigestOn     msg = "digest_on"
	msgDigestOff    msg = "digest_off"
	msgCategoriesBt msg = "categories_button"
	msgDigestHeader msg = "digest_header"
	msgDigestHeadOf msg = "digest_header_of"
	msgDigestMore   msg = "digest_more"
	msgJobDigest    msg = "job_digest"
	msgRelated      msg = "related"
	// The admins' command menu.
	msgCommandBroadcast msg = "command_broadcast"
	msgCommandJobs      msg = "command_jobs"
	msgCommandSources   msg = "command_sources"
	msgCommandPost      msg = "command_post"
	msgCommandReceipts  msg = "command_receipts"
	msgCommandUnits     msg = "command_units"
	msgCommandAdmins    msg = "command_admins"
	msgCommandMembers   msg = "command_members"
	msgCommandInvite    msg = "command_invite"
	msgCommandInvites   msg = "command_invites"
	msgCommandRetract   msg = "command_retract"
	msgCommandCorrect   msg = "command_correct"
	msgCommandAudit     msg = "command_audit"
	// Keyword alerts (AlertKeeper).
	msgCommandAlerts     msg = "command_alerts"
	msgAlertHelp         msg = "alert_help"
	msgAlertSaved        msg = "alert_saved"
	msgAlertNeedsSub     msg = "alert_needs_sub"
	msgAlertTooLong      msg = "alert_too_long"
	msgAlertTooMany      msg = "alert_too_many"
	msgAlertDuplicate    msg = "alert_duplicate"
	msgAlertPrivateOnly  msg = "alert_private_only"
	msgAlertsNone        msg = "alerts_none"
	msgAlertsHeader      msg = "alerts_header"
	msgAlertDeleteButton msg = "alert_delete_button"
	msgAlertDeleted      msg = "alert_deleted"
	msgAlertGone         msg = "alert_gone"
	msgAlertMatched      msg = "alert_matched"
	// Audiences by unit (Audiences).
	msgCommandMyUnits msg = "command_myunits"
	msgUnitsPicker    msg = "units_picker"
	msgUnitsNone      msg = "units_none"
	msgUnitsButton    msg = "units_button"
	msgUnitsAdminList msg = "units_admin_list"
	msgUnitsLine      msg = "units_line"
	msgUnitsNoUnit    msg = "units_no_unit"
	msgUnitsUsage     msg = "units_usage"
	msgUnitAdded      msg = "unit_added"
	msgUnitRemoved    msg = "unit_removed"
	msgUnitUnknown    msg = "unit_unknown"
	msgUnitBad        msg = "unit_bad"
	msgUnitPreview    msg = "unit_broadcast_preview"
	msgUnitTooMany    msg = "unit_too_many"
	// Units placed by admins (a units file with self_service = false).
	msgUnitsMine          msg = "units_mine"
	msgUnitsNoneOfMine    msg = "units_none_of_mine"
	msgUnitsByAdmins      msg = "units_by_admins"
	msgUnitsAssignUsage   msg = "units_assign_usage"
	msgUnitsAssignUnknown msg = "units_assign_unknown"
	msgUnitsAssignNobody  msg = "units_assign_nobody"
	msgUnitsAssigned      msg = "units_assigned"
	msgStatsUnits         msg = "stats_units"
	// /post to units.
	msgPostReach          msg = "post_reach"
	msgPostUnitUnknown    msg = "post_unit_unknown"
	msgPostUnitGone       msg = "post_unit_gone"
	msgPostPublishedUnits msg = "post_published_units"
	// /sources add and /sources remove (Bot.handleSourcesEdit).
	msgSourcesAddHint     msg = "sources_add_hint"
	msgSourcesUsage       msg = "sources_usage"
	msgSourceAdded        msg = "source_added"
	msgSourceRemoved      msg = "source_removed"
	msgSourceUnknown      msg = "source_unknown"
	msgSourceExists       msg = "source_exists"
	msgSourceInFile       msg = "source_in_file"
	msgSourceUnreadable   msg = "source_unreadable"
	msgSourceAddBlocked   msg = "source_add_blocked"
	msgSourceInvalid      msg = "source_invalid"
	msgSourceDeleteButton msg = "source_delete_button"
	msgSourceDeleteAsk    msg = "source_delete_ask"
	msgSourceDeleteYes    msg = "source_delete_yes"
	msgSourceDeleteNo     msg = "source_delete_no"
	msgSourceEmpty        msg = "source_empty"
	msgSourceChecking     msg = "source_checking"
	msgSourceChecksBusy   msg = "source_checks_busy"
	msgSourceCheckStopped msg = "source_check_stopped"
	msgSourcesFull        msg = "sources_full"
)

// catalogue holds every text the bot shows people, by language. Texts are
// HTML (Telegram's subset); %s arguments are escaped by the caller. It is
// never modified.
var catalogue = map[Lang]map[msg]string{
	Vietnamese: {
		msgWelcome: "Xin chào %s! %s\n%s" +
			"Mỗi bài mới sẽ được gửi đến bạn ngay khi đăng.\n\n" +
			"/latest — xem tin mới nhất\n/help — hướng dẫn",
		msgWelcomeBack: "Chào mừng %s trở lại! Bạn vẫn đang nhận tin. Gõ /latest để xem tin mới nhất.",
		msgHelp: "<b>Hướng dẫn sử dụng</b>\n\n/latest — 5 tin mới nhất (/latest 10 để xem 10 tin, tối đa 20)\n" +
			"/search từ khóa — tìm bài viết (gõ không dấu cũng được)\n" +
			"/alert từ khóa — theo dõi: bài mới có các từ đó sẽ được gửi cho bạn\n/alerts — xem, xóa từ khóa theo dõi\n" +
			"/myunits — chọn đơn vị của bạn (xã, chi bộ, phòng ban)\n" +
			"/settings — ngôn ngữ, chuyên mục, giờ yên lặng, tóm tắt hằng ngày\n" +
			"/subscribe — nhận tin mới\n/unsubscribe — ngừng nhận tin\n/stats — thống kê truy cập\n/help — hướng dẫn này\n\n" +
			"Trong nhóm, gõ lệnh kèm tên bot, ví dụ /latest@%s.",
		msgHelpPortal:    "🌐 Cổng thông tin: %s",
		msgWelcomeNews:   "Bạn đã đăng ký nhận tin.",
		msgWelcomeNewsOf: "Bạn đã đăng ký nhận tin của %s.",
		msgHelpAdmin: "\n\n<b>Quản trị viên</b>\n/post — đăng bài (dòng đầu là tiêu đề)\n/broadcast — gửi thông báo\n" +
			"/receipts — ai đã nhận văn bản chỉ đạo\n/jobs — các đợt gửi\n/retract, /correct — gỡ, sửa bài đã gửi\n/sources — nguồn tin\n/units — đơn vị\n" +
			"/admins — quản trị viên\n/members — thành viên, yêu cầu tham gia\n/invite, /invites — liên kết mời\n/audit — nhật ký quản trị",
		msgSubscribed:       "✅ Bạn đã đăng ký nhận tin. Bài mới sẽ được gửi đến bạn.\nChọn chuyên mục muốn nhận (bấm để bật/tắt):",
		msgAlreadySub:       "Bạn đang nhận tin. Chọn chuyên mục muốn nhận (bấm để bật/tắt), hoặc gõ /unsubscribe để ngừng nhận:",
		msgUnsubscribed:     "Bạn đã ngừng nhận tin. Gõ /subscribe khi muốn nhận lại.",
		msgNotSubscribed:    "Bạn chưa đăng ký nhận tin. Gõ /subscribe để đăng ký.",
		msgLatestHeader:     "📰 <b>%d tin mới nhất</b>",
		msgLatestEmpty:      "Chưa có bài viết nào.",
		msgLatestBadCount:   "Số bài phải là một số từ 1 đến %d, ví dụ: /latest 5",
		msgUnknownCommand:   "Không có lệnh /%s. Gõ /help để xem các lệnh.",
		msgNotACommand:      "Gõ /latest để xem tin mới nhất, hoặc /help để xem hướng dẫn.",
		msgInternalError:    "Xin lỗi, bot đang gặp sự cố. Vui lòng thử lại sau ít phút.",
		msgReadMore:         "Xem chi tiết",
		msgPublishedAt:      "Đăng lúc",
		msgDocsFollow:       "📎 Kèm %d văn bản, gửi ngay sau tin này.",
		msgDocLinked:        "📎 %s: tệp quá lớn để gửi qua Telegram, bấm vào tên tệp để tải về.",
		msgDocTooLarge:      "📎 %s: tệp quá lớn để gửi qua Telegram, xin liên hệ văn phòng để nhận.",
		msgDocNotSentLinked: "📎 %s: không gửi được qua Telegram, bấm vào tên tệp để mở.",
		msgDocNotSent:       "📎 %s: không gửi được qua Telegram, xin liên hệ văn phòng để nhận.",
		msgDocsHeader:       "📎 <b>Văn bản kèm theo</b>",
		msgSomeone:          "bạn",
		msgCommandStart:     "Bắt đầu và đăng ký nhận tin",
		msgCommandHelp:      "Hướng dẫn sử dụng",
		msgCommandLatest:    "Tin mới nhất",
		msgCommandSubscribe: "Đăng ký nhận tin",
		msgCommandUnsub:     "Ngừng nhận tin",
		msgCommandSearch:    "Tìm bài viết",
		msgSearchHelp: "<b>Tìm bài viết</b>\nGõ /search và các từ cần tìm, ví dụ:\n" +
			"/search nghị quyết đại hội\n/search dan van — không dấu cũng được\n" +
			"/search \"nông thôn mới\" — trong ngoặc kép: đúng cụm từ\n\n" +
			"Ở bất kỳ cuộc trò chuyện nào, gõ @%s rồi từ cần tìm.",
		msgSearchNone:   "Không tìm thấy bài nào cho «%s». Hãy thử bớt từ, dùng từ khác, hoặc bỏ ngoặc kép.",
		msgSearchCount:  "Kết quả %d–%d trong %d bài",
		msgSearchAll:    "%d kết quả",
		msgSearchLast:   "Kết quả thứ %d trong %d bài",
		msgStaleButton:  "Nút này không còn dùng được. Hãy gửi lại lệnh.",
		msgPrev:         "◀ Trước",
		msgNext:         "Sau ▶",
		msgCommandStats: "Thống kê truy cập",
		msgStatsCounter: "<b>Truy cập</b>\nHôm nay: %s\nHôm qua: %s\nTuần này: %s\nTháng này: %s\nTất cả: %s",
		msgStatsAdmin: "<b>Quản trị</b>\nSố người dùng hôm nay: %s · tháng này: %s\n" +
			"Đang nhận tin: %s · đã chặn bot: %s · đã ngừng nhận: %s\nSố bài viết: %s\nTin đã gửi trong 7 ngày: %s",
		msgStatsMostViewed: "<b>Đọc nhiều nhất tháng này</b>",
		msgChartTitle:      "Lượt truy cập 30 ngày qua",
		msgReadFull:        "📖 Đọc toàn văn",
		msgArticleGone:     "Không tìm thấy bài viết này nữa.",
		msgKeepOneCategory: "Hãy giữ ít nhất một chuyên mục. Muốn ngừng nhận tin, gõ /unsubscribe.",
		msgSaved:           "Đã lưu.",
		msgSettings: "<b>Cài đặt</b>\nGiờ yên lặng: <b>%s</b> — trong khoảng này tin mới đến không đổ chuông " +
			"(tin hỏa tốc, khẩn vẫn đổ chuông). Bấm để đổi.\n\nChọn chuyên mục muốn nhận: /subscribe",
		msgQuietOff:        "tắt",
		msgCommandSettings: "Cài đặt: ngôn ngữ, chuyên mục, giờ yên lặng, tóm tắt",
		msgCatNews:         "Tin tức",
		msgCatConference:   "Hội nghị",
		msgCatDirective:    "Chỉ đạo – Văn bản",
		msgCatAnnouncement: "Thông báo",
		msgAdminOnly:       "Lệnh này chỉ dành cho quản trị viên.",
		msgBroadcastUsage: "Gõ /broadcast và nội dung thông báo, hoặc trả lời một tin nhắn bằng /broadcast. " +
			"Bot sẽ cho xem trước trước khi gửi.",
		msgBroadcastPreview:    "Xem trước thông báo dưới đây. Bấm <b>Gửi</b> để gửi đến %s người đang nhận tin.",
		msgBroadcastSend:       "📤 Gửi",
		msgBroadcastCancel:     "✖ Hủy",
		msgBroadcastDropped:    "Đã hủy, không gửi gì.",
		msgBroadcastAlready:    "Thông báo này đã được gửi.",
		msgBroadcastStarting:   "Đang chuẩn bị gửi…",
		msgBroadcastStarted:    "Đã bắt đầu gửi.",
		msgBroadcastExpired:    "Bản xem trước này đã hết hạn. Hãy gửi lại /broadcast.",
		msgBroadcastTooLong:    "Thông báo dài quá: tối đa %d ký tự (hiện có %d, thừa %d). Hãy rút gọn rồi gửi lại.",
		msgJobProgress:         "Đợt gửi #%d\n%s %d/%d\nChặn bot: %d · lỗi: %d · còn khoảng %s",
		msgJobReport:           "✅ Đợt gửi #%d xong: %d/%d đã nhận · chặn bot: %d · lỗi: %d · mất %s",
		msgJobCancelledReport:  "✖ Đợt gửi #%d đã hủy: %d/%d đã nhận · chặn bot: %d · lỗi: %d",
		msgJobsNone:            "Chưa có đợt gửi nào.",
		msgJobsHeader:          "<b>Các đợt gửi gần đây</b>",
		msgJobBroadcast:        "Thông báo",
		msgJobArticle:          "Bài viết",
		msgJobCancel:           "✖ Hủy đợt #%d",
		msgJobCancelled:        "Đã hủy đợt gửi #%d.",
		msgJobAlreadyDone:      "Đợt gửi #%d đã xong từ trước, không còn gì để hủy.",
		msgJobAlreadyCancelled: "Đợt gửi #%d đã được hủy từ trước.",
		msgSourcesNone:         "Chưa có nguồn tin nào.",
		msgSourcesHeader:       "<b>Nguồn tin tự động</b>",
		msgSourceLine:          "%s <b>%s</b> (%s) · %d bài · lấy tin lần cuối: %s",
		msgSourceNever:         "chưa lần nào",
		msgSourcePausedNote:    "Đang tạm dừng.",
		msgSourceFailing:       "Lỗi %d lần liên tiếp: %s",
		msgSourceBlocked:       "địa chỉ nội bộ bị chặn",
		msgSourcePause:         "⏸ Tạm dừng %s",
		msgSourceResume:        "▶ Tiếp tục %s",
		msgSourcePausedDone:    "Đã tạm dừng nguồn %s.",
		msgSourceResumed:       "Nguồn %s sẽ được lấy tin trở lại.",
		msgSourceAlert: "⚠️ Không lấy được tin từ nguồn <b>%s</b> nhiều lần liên tiếp.\nLỗi gần nhất: %s\n" +
			"Bot vẫn thử lại, thưa dần. Xem /sources.",
		msgSourceRecovered: "✅ Nguồn <b>%s</b> đã lấy được tin trở lại.",
		msgUpdateQuarantined: "⚠️ Bot đã dừng đột ngột hai lần khi đang xử lý cùng một tin gửi đến (mã %d, loại %s). " +
			"Tin này đã được bỏ qua để bot chạy tiếp; các tin khác vẫn được xử lý bình thường. " +
			"Nếu có người báo bot không trả lời, xin chuyển nhật ký của máy chủ cho bộ phận kỹ thuật.",
		// Roles, closed mode and invites.
		msgMembersOnly:        "Bạn chưa được duyệt tham gia. Gõ /start để gửi yêu cầu, hoặc chờ quản trị viên duyệt.",
		msgJoinPending:        "Xin chào %s! Yêu cầu tham gia của bạn đã được gửi đến quản trị viên. Bạn sẽ nhận được tin nhắn khi được duyệt.",
		msgJoinStillPending:   "Yêu cầu tham gia của bạn đang chờ quản trị viên duyệt. Xin vui lòng chờ.",
		msgJoinRejectedBefore: "Yêu cầu tham gia của bạn chưa được chấp thuận. Nếu cần, xin liên hệ quản trị viên.",
		msgJoinPrivateOnly:    "Bot này chỉ dành cho thành viên đã được duyệt. Hãy nhắn riêng cho bot và gõ /start để xin tham gia.",
		msgJoinRequestAdmin:   "🙋 <b>Yêu cầu tham gia</b>\n%s\nID: <code>%d</code>\nLúc: %s",
		msgGroupNotApproved: "Nhóm này chưa được quản trị viên duyệt nhận tin, nên bot chưa trả lời ở đây. " +
			"Gõ /start trong nhóm để gửi đề nghị.",
		msgGroupJoinPending: "Đề nghị cho nhóm <b>%s</b> nhận tin đã được gửi đến quản trị viên. " +
			"Nhóm sẽ nhận được tin nhắn khi được duyệt.",
		msgGroupJoinStillPending:   "Đề nghị nhận tin của nhóm này đang chờ quản trị viên duyệt.",
		msgGroupJoinRejectedBefore: "Đề nghị nhận tin của nhóm này chưa được chấp thuận. Nếu cần, xin liên hệ quản trị viên.",
		msgGroupJoinRequestAdmin:   "🙋 <b>Nhóm xin nhận tin</b>\n%s\nID nhóm: <code>%d</code>\nNgười đề nghị: %s\nLúc: %s",
		msgGroupJoinApproved:       "✅ Quản trị viên đã duyệt: nhóm này sẽ nhận tin mới. Gõ /help để xem hướng dẫn.",
		msgGroupJoinRejected:       "Đề nghị nhận tin của nhóm này chưa được chấp thuận.",
		msgJoinApprove:             "✅ Duyệt",
		msgJoinReject:              "❌ Từ chối",
		msgJoinApprovedAdmin:       "Đã duyệt %s.",
		msgJoinRejectedAdmin:       "Đã từ chối %s.",
		msgJoinAlreadyDecided:      "Yêu cầu này đã được xử lý rồi.",
		msgJoinUnknown:             "Không tìm thấy yêu cầu này.",
		msgJoinApproved:            "✅ Yêu cầu tham gia của bạn đã được duyệt. Từ nay bạn sẽ nhận tin mới. Gõ /help để xem hướng dẫn.",
		msgJoinRejected:            "Rất tiếc, yêu cầu tham gia của bạn chưa được chấp thuận. Nếu cần, xin liên hệ quản trị viên.",
		msgInviteBad:               "Liên kết mời này không hợp lệ hoặc đã bị thu hồi. Gõ /start để gửi yêu cầu tham gia.",
		msgInviteExpired:           "Liên kết mời này đã hết hạn. Gõ /start để gửi yêu cầu tham gia.",
		msgInviteUsedUp:            "Liên kết mời này đã được dùng hết lượt. Gõ /start để gửi yêu cầu tham gia.",
		msgInviteUsage:             "Cách dùng: /invite [số lượt] [số ngày], ví dụ /invite 5 3 (5 người, trong 3 ngày). Số lượt từ 1 đến %d, số ngày từ 1 đến %d; mặc định 1 lượt, 7 ngày.",
		msgInvitePrivateOnly:       "Liên kết mời là bí mật: hãy gửi /invite trong cuộc trò chuyện riêng với bot.",
		msgInviteCreated:           "🔗 Liên kết mời #%d (%d lượt, hết hạn lúc %s):\n%s\n\nGửi liên kết này cho người cần tham gia. Xem và thu hồi: /invites",
		msgInvitesNone:             "Không có liên kết mời nào còn hiệu lực. Tạo mới: /invite",
		msgInvitesHeader:           "<b>Liên kết mời còn hiệu lực</b>",
		msgInviteLine:              "#%d · còn %d/%d lượt · hết hạn %s · tạo bởi %s",
		msgInviteRevoke:            "✖ Thu hồi #%d",
		msgInviteRevoked:           "Đã thu hồi liên kết mời #%d.",
		msgInviteGone:              "Liên kết mời này đã hết hiệu lực.",
		msgAdminsHeader:            "<b>Quản trị viên</b>",
		msgAdminsHowTo:             "Thêm: /admins add ID (ID số Telegram của người đó), hoặc trả lời một tin nhắn của người đó bằng /admins add.\nXóa: bấm nút bên dưới.",
		msgAdminsUsage:             "Cách dùng: /admins để xem danh sách; /admins add ID để thêm (hoặc trả lời tin nhắn của người đó bằng /admins add).",
		msgAdminRemoveButton:       "✖ %s",
		msgAdminAdded:              "✅ %s đã trở thành quản trị viên.",
		msgAdminAlready:            "%s đã là quản trị viên.",
		msgAdminRemoveAsk:          "Bỏ quyền quản trị của %s?",
		msgAdminRemoveYes:          "Bỏ quyền",
		msgAdminRemoveNo:           "Hủy",
		msgAdminRemoved:            "Đã bỏ quyền quản trị của %s.",
		msgAdminNotAdmin:           "Người này không còn là quản trị viên.",
		msgAdminLast:               "Không thể bỏ quyền của quản trị viên cuối cùng. Hãy thêm người khác trước.",
		msgAdminKept:               "Đã hủy, không thay đổi gì.",
		msgAuditHeader:             "<b>Nhật ký quản trị</b> (%d mục gần nhất, giờ Việt Nam)",
		msgAuditEmpty:              "Nhật ký quản trị còn trống.",
		msgAuditCLI:                "dòng lệnh",
		// /members.
		msgMembersHeader:        "👥 <b>Thành viên</b>: %d người (%d đang nhận tin)",
		msgMembersOpen:          "Bot đang ở chế độ mở: ai gửi /start cũng được đăng ký, không cần duyệt.",
		msgMembersNonePending:   "Không có yêu cầu tham gia nào đang chờ duyệt.",
		msgMembersPendingHeader: "🙋 <b>Yêu cầu tham gia đang chờ</b> (%d):",
		msgMembersPendingLine:   "• %s · ID <code>%d</code> · %s",
		msgMembersPendingMore:   "… và %d yêu cầu khác. Duyệt hoặc từ chối các yêu cầu trên rồi gửi lại /members.",
		msgMembersApprove:       "✅ Duyệt %s",
		msgMembersReject:        "❌ Từ chối %s",
		msgMembersHowTo:         "Xóa một thành viên: /members remove ID, hoặc trả lời một tin nhắn của người đó bằng /members remove.",
		msgMembersUsage:         "Cách dùng: /members để xem yêu cầu tham gia và số thành viên; /members remove ID để xóa một thành viên (hoặc trả lời tin nhắn của người đó bằng /members remove).",
		msgMemberRemoveAsk:      "Xóa %s (ID <code>%d</code>) khỏi danh sách thành viên?\nNgười này sẽ không nhận tin nữa (kể cả các tin đang chờ gửi) và các từ khóa theo dõi của họ sẽ bị xóa.",
		msgMemberBackClosed:     "Muốn tham gia lại, họ cần một liên kết mời (/invite).",
		msgMemberBackOpen:       "Bot đang ở chế độ mở: nếu họ gửi /start, họ sẽ được đăng ký lại.",
		msgMemberRemoveYes:      "🗑 Xóa",
		msgMemberRemoveNo:       "Hủy",
		msgMemberRemoved:        "Đã xóa %s khỏi danh sách thành viên.",
		msgMemberKept:           "Đã hủy, không xóa ai.",
		msgMemberUnknown:        "Không có thành viên nào có ID %d. Không có gì thay đổi.",
		msgMemberIsAdmin:        "%s là quản trị viên nên không thể xóa theo cách này. Hãy bỏ quyền quản trị trước (/admins).",

		// Publishing from the bot (/post), acknowledgements and /receipts.
		msgPostUsage: "Cách dùng: /post rồi tiêu đề ở dòng đầu, nội dung ở các dòng sau, ví dụ:\n" +
			"<code>/post Họp chi bộ tháng 4\nChi bộ họp lúc 14:00 thứ Sáu tại hội trường.</code>\n" +
			"Hoặc trả lời (reply) một tin nhắn, có thể kèm ảnh hoặc văn bản (PDF, DOCX…), bằng /post; hoặc gửi văn bản kèm chú thích bắt đầu bằng /post.\n" +
			"Chỉ gửi cho một số đơn vị: <code>/post @hoang-tien Họp chi bộ…</code> (nhiều đơn vị: <code>@a,b</code>).",
		msgPostTitleTooLong:     "Tiêu đề dài quá: tối đa %d ký tự (hiện có %d). Hãy rút gọn rồi gửi lại.",
		msgPostBodyTooLong:      "Nội dung dài quá: tối đa %d ký tự (hiện có %d). Hãy rút gọn rồi gửi lại.",
		msgPostChoose:           "👆 Xem trước bài sẽ đăng. Chọn chuyên mục để đăng và gửi cho người nhận, hoặc Hủy.",
		msgPostDropped:          "Đã hủy, bài không được đăng.",
		msgPostPublished:        "✅ Đã đăng vào chuyên mục %s; đang gửi đến %d người.",
		msgPostAlready:          "Bài này đã được đăng rồi.",
		msgPostExpired:          "Bản xem trước này đã hết hạn. Hãy gửi lại /post.",
		msgPostDocRefused:       "Không đăng được tệp «%s»: bot chỉ gửi văn bản %s. Bài chưa được đăng; hãy gửi lại với một tệp thuộc các loại đó, hoặc không kèm tệp.",
		msgAckButton:            "✅ Đã nhận",
		msgAckDoneButton:        "☑️ Đã ghi nhận",
		msgAckRecorded:          "Đã ghi nhận. Cảm ơn!",
		msgAckAlready:           "Đã ghi nhận (bạn đã xác nhận trước đó).",
		msgAckNotForYou:         "Thông báo này không gửi cho bạn, hoặc không cần xác nhận.",
		msgAckReminder:          "🔔 <b>Nhắc nhở:</b> bạn chưa xác nhận đã nhận thông báo dưới đây. Xin bấm «✅ Đã nhận».",
		msgBroadcastSendAck:     "📤 Gửi, yêu cầu xác nhận",
		msgReceiptsHeader:       "📋 <b>Xác nhận đã nhận</b> — các văn bản chỉ đạo, thông báo gần đây:",
		msgReceiptsNone:         "Chưa có văn bản chỉ đạo hay thông báo nào cần xác nhận.",
		msgReceiptsLine:         "#%d %s — %d/%d đã nhận",
		msgReceiptHeader:        "<b>%s</b>\n#%d · gửi lúc %s · %d/%d đã nhận",
		msgReceiptAcked:         "✅ <b>Đã nhận (%d):</b>",
		msgReceiptPending:       "⏳ <b>Chưa nhận (%d):</b>",
		msgReceiptMore:          "… và %d người khác",
		msgReceiptUnreachable:   "(không gửi được)",
		msgReceiptNotSent:       "(chưa gửi)",
		msgReceiptLeft:          "(đã ngừng nhận tin)",
		msgReceiptReminded:      "🔔 Đã nhắc một lần (đợt gửi #%d).",
		msgReceiptRemind:        "🔔 Nhắc những người chưa nhận",
		msgReceiptRemindSent:    "Đã gửi lời nhắc đến %d người.",
		msgReceiptRemindAlready: "Đã gửi lời nhắc cho thông báo này rồi (mỗi thông báo chỉ nhắc một lần).",
		msgReceiptRemindNobody:  "Không còn ai để nhắc: mọi người đã xác nhận, chưa được gửi, không gửi được hoặc đã ngừng nhận tin.",
		msgJobReminder:          "Nhắc xác nhận #%d",
		// Security (branch security).
		msgTooFast: "Bạn thao tác nhanh quá. Vui lòng chờ một lát rồi thử lại.",

		// Settings: language, daily digest, related articles.
		msgSettingsMore:     "Ngôn ngữ: <b>%s</b>\nNhận tin: <b>%s</b>",
		msgLangName:         "Tiếng Việt",
		msgDigestToggle:     "Tóm tắt hằng ngày lúc 07:00",
		msgDigestOn:         "tóm tắt hằng ngày lúc 07:00 (tin hỏa tốc, khẩn vẫn gửi ngay)",
		msgDigestOff:        "mỗi tin một tin nhắn",
		msgCategoriesBt:     "🗂 Chuyên mục",
		msgDigestHeader:     "☀️ <b>Tóm tắt tin hằng ngày</b> — %d tin mới",
		msgDigestHeadOf:     "☀️ <b>Tóm tắt tin hằng ngày của %s</b> — %d tin mới",
		msgDigestMore:       "… và %d tin khác (xem /latest)",
		msgJobDigest:        "Tóm tắt hằng ngày",
		msgRelated:          "<b>Các tin khác</b>",
		msgCommandBroadcast: "Quản trị: gửi thông báo đến mọi người",
		msgCommandJobs:      "Quản trị: các đợt gửi tin",
		msgCommandSources:   "Quản trị: nguồn lấy tin",
		msgCommandPost:      "Quản trị: đăng bài vào một chuyên mục",
		msgCommandReceipts:  "Quản trị: ai đã nhận văn bản chỉ đạo",
		msgCommandUnits:     "Quản trị: các đơn vị nhận tin",
		msgCommandAdmins:    "Quản trị: danh sách quản trị viên",
		msgCommandMembers:   "Quản trị: thành viên, yêu cầu tham gia",
		msgCommandInvite:    "Quản trị: tạo liên kết mời",
		msgCommandInvites:   "Quản trị: các liên kết mời",
		msgCommandRetract:   "Quản trị: gỡ một bài đã đăng",
		msgCommandCorrect:   "Quản trị: sửa một bài đã đăng",
		msgCommandAudit:     "Quản trị: nhật ký quản trị",
		// Keyword alerts (AlertKeeper).
		msgCommandAlerts: "Theo dõi từ khóa",
		msgAlertHelp: "🔔 <b>Theo dõi từ khóa</b>\nGõ /alert kèm các từ cần theo dõi: mỗi bài mới có đủ các từ đó sẽ được gửi cho bạn, " +
			"kể cả khi bạn không nhận chuyên mục của bài.\n\nVí dụ:\n/alert nông thôn mới\n/alert \"chuyển đổi số\" cấp xã\n" +
			"/alert cuu chien binh (gõ không dấu cũng được)\n\nĐặt cụm từ trong ngoặc kép để tìm đúng cụm đó. " +
			"Tối đa %d từ khóa, mỗi từ khóa tối đa %d ký tự. /alerts — xem và xóa.",
		msgAlertSaved:        "🔔 Đã lưu theo dõi «%s». Bài mới có các từ này sẽ được gửi cho bạn (%d/%d). /alerts — xem và xóa.",
		msgAlertNeedsSub:     "Bạn chưa đăng ký nhận tin nên chưa nhận được bài nào: gõ /subscribe để đăng ký.",
		msgAlertTooLong:      "Từ khóa quá dài: tối đa %d ký tự.",
		msgAlertTooMany:      "Bạn đã có %d từ khóa theo dõi, là số tối đa. Xóa bớt trong /alerts rồi thêm lại.",
		msgAlertDuplicate:    "Bạn đã theo dõi «%s» rồi.",
		msgAlertPrivateOnly:  "Theo dõi từ khóa chỉ dùng trong tin nhắn riêng với bot.",
		msgAlertsNone:        "Bạn chưa theo dõi từ khóa nào. Ví dụ: /alert nông thôn mới",
		msgAlertsHeader:      "🔔 <b>Từ khóa bạn theo dõi</b> (%d/%d) — bấm để xóa:",
		msgAlertDeleteButton: "🗑 Xóa %s",
		msgAlertDeleted:      "Đã xóa «%s».",
		msgAlertGone:         "Từ khóa này không còn nữa.",
		msgAlertMatched:      "🔔 Theo dõi: «%s»",
		// Audiences by unit (Audiences).
		msgCommandMyUnits: "Đơn vị của tôi",
		msgUnitsPicker: "🏘 <b>Đơn vị của bạn</b>\nChọn xã, thị trấn, chi bộ, cơ quan bạn thuộc về (bấm để bật/tắt), " +
			"để nhận thông báo riêng của đơn vị.",
		msgUnitsNone:      "Chưa có đơn vị nào.",
		msgUnitsButton:    "🏘 Đơn vị của tôi",
		msgUnitsAdminList: "🏘 <b>Đơn vị</b> (%d):",
		msgUnitsLine:      "• <code>%s</code> — %s: %s người",
		msgUnitsNoUnit:    "Chưa chọn đơn vị: %s người",
		msgUnitsUsage: "Quản lý đơn vị:\n/units add &lt;mã&gt; &lt;tên&gt; — thêm hoặc đổi tên, ví dụ: /units add chi-bo-3 Chi bộ 3\n" +
			"/units remove &lt;mã&gt; — xóa\n/units list — danh sách\n" +
			"/units assign @mã (trả lời tin nhắn của một người) — xếp người đó vào đơn vị; /units unassign @mã — bỏ ra\n" +
			"Gửi thông báo cho đơn vị: /broadcast @chi-bo-3 nội dung\n/myunits — chọn đơn vị của bạn",
		msgUnitAdded:   "✅ Đã lưu đơn vị <code>%s</code> — %s.",
		msgUnitRemoved: "Đã xóa đơn vị <code>%s</code>.",
		msgUnitUnknown: "Không có đơn vị <code>%s</code>. Gõ /units để xem danh sách.",
		msgUnitBad: "Mã hoặc tên đơn vị không hợp lệ: mã gồm chữ a–z, số 0–9 và dấu -, tối đa 32 ký tự; " +
			"tên tối đa 64 ký tự; tối đa 60 đơn vị.",
		msgUnitPreview: "Xem trước thông báo dưới đây. Bấm <b>Gửi</b> để gửi đến %s người thuộc: %s.",
		msgUnitTooMany: "Một thông báo chỉ gửi được cho tối đa 5 đơn vị.",
		msgUnitsMine: "🏘 <b>Đơn vị của bạn</b>: %s\nQuản trị viên xếp đơn vị cho từng người; " +
			"nếu chưa đúng, xin liên hệ quản trị viên.",
		msgUnitsNoneOfMine: "chưa có",
		msgUnitsByAdmins:   "Đơn vị do quản trị viên xếp. Nếu chưa đúng, xin liên hệ quản trị viên.",
		msgUnitsAssignUsage: "Cách dùng: trả lời một tin nhắn của người đó bằng /units assign @mã-đơn-vị " +
			"(có thể nêu nhiều đơn vị), hoặc /units assign ID @mã-đơn-vị. /units unassign … để bỏ ra.",
		msgUnitsAssignUnknown: "Có mã đơn vị không tồn tại, nên không thay đổi gì. Gõ /units để xem danh sách.",
		msgUnitsAssignNobody:  "Người có ID <code>%d</code> chưa dùng bot (chưa gửi /start), nên chưa xếp đơn vị được.",
		msgUnitsAssigned:      "✅ %s thuộc: %s.",
		msgStatsUnits:         "🏘 <b>Người nhận tin theo đơn vị</b>",

		// /post to units.
		msgPostReach: "🏘 Sẽ chỉ gửi đến <b>%s người</b> thuộc: %s " +
			"(cùng những người có từ khóa theo dõi khớp với bài). Bài vẫn hiện trong /latest và /search cho mọi người.",
		msgPostUnitUnknown:    "Không có đơn vị <code>%s</code>, bài chưa được đăng. Các đơn vị hiện có: %s",
		msgPostUnitGone:       "Một đơn vị của bài này vừa bị xóa, bài chưa được đăng. Hãy gửi lại /post.",
		msgPostPublishedUnits: "✅ Đã đăng vào chuyên mục %s; đang gửi đến %d người (%s).",
		// /sources add and /sources remove (Bot.handleSourcesEdit).
		msgSourcesAddHint: "Thêm nguồn: /sources add TÊN URL [loại] [chuyên mục]\nXóa nguồn đã thêm: /sources remove TÊN",
		msgSourcesUsage: "Cách dùng:\n/sources — danh sách nguồn tin\n" +
			"/sources add TÊN URL [loại] [chuyên mục] — thêm nguồn, ví dụ:\n" +
			"/sources add xa-hoang-tien https://hoangtien.example.vn/rss rss thong-bao\n" +
			"  TÊN: chữ thường không dấu, số, dấu . _ -, tối đa 40 ký tự\n" +
			"  loại: feed (mặc định), rss, atom, jsonfeed, html\n" +
			"  chuyên mục: tin-tuc, hoi-nghi, chi-dao, thong-bao\n" +
			"/sources remove TÊN — xóa nguồn đã thêm trong bot",
		msgSourceAdded: "✅ Đã thêm nguồn <b>%s</b> (%s). Đọc thử thấy %d bài, ví dụ:\n%s\n\n" +
			"Các bài hiện có được lưu để tra cứu nhưng không gửi đi; bài mới sau này sẽ được gửi cho người đăng ký.",
		msgSourceRemoved: "Đã xóa nguồn %s. Các bài đã lưu từ nguồn này vẫn được giữ.",
		msgSourceUnknown: "Không có nguồn <b>%s</b>. Gửi /sources để xem danh sách.",
		msgSourceExists:  "Đã có nguồn tên <b>%s</b>. Hãy chọn tên khác.",
		msgSourceInFile: "Nguồn <b>%s</b> được khai báo trong tệp cấu hình nguồn tin nên không xóa được trong bot. " +
			"Hãy sửa tệp rồi khởi động lại, hoặc bấm ⏸ để tạm dừng nguồn.",
		msgSourceUnreadable: "Không đọc được nguồn này nên chưa lưu: %s\nHãy kiểm tra lại địa chỉ và loại nguồn.",
		msgSourceAddBlocked: "Chưa lưu nguồn này: địa chỉ nội bộ bị chặn. Bot không lấy tin từ chính máy chủ của mình " +
			"hay từ mạng nội bộ. Nếu đây là cổng thông tin nội bộ, hãy nhờ người quản trị máy chủ thêm địa chỉ vào " +
			"allow_private trong tệp cấu hình nguồn tin.",
		msgSourceInvalid:      "Nguồn chưa hợp lệ nên chưa lưu: %s\nGửi /sources help để xem cách dùng.",
		msgSourceDeleteButton: "🗑 Xóa %s",
		msgSourceDeleteAsk:    "Xóa nguồn <b>%s</b>? Bot sẽ thôi lấy tin từ nguồn này; các bài đã lưu vẫn được giữ.",
		msgSourceDeleteYes:    "🗑 Xóa",
		msgSourceDeleteNo:     "↩ Giữ lại",
		msgSourceEmpty: "Đọc được địa chỉ này nhưng không tìm thấy bài nào nên chưa lưu. " +
			"Hãy kiểm tra loại nguồn (feed hay html) và địa chỉ trang danh sách bài.",
		msgSourceChecking:   "Đang đọc thử nguồn… Kết quả sẽ được gửi khi đọc xong (tối đa nửa phút).",
		msgSourceChecksBusy: "Bot đang đọc thử nguồn khác. Hãy gửi lại lệnh sau ít phút.",
		msgSourcesFull: "Đã có %s nguồn thêm trong bot, là số tối đa, nên chưa lưu nguồn này. " +
			"Hãy xóa một nguồn không còn dùng (/sources remove TÊN) rồi thêm lại.",
		msgSourceCheckStopped: "Bot đang dừng nên chưa đọc xong nguồn và chưa lưu gì. Hãy gửi lại lệnh sau khi bot chạy lại.",

		// Taking an article back.
		msgRetractedArticle:      "Bài này đã được gỡ lúc %s.",
		msgRetractedBroadcast:    "Thông báo này đã được thu hồi lúc %s.",
		msgJobRetract:            "Gỡ «%s»",
		msgRetractProgress:       "Đợt gỡ #%d\n%s %d/%d\nĐã xóa: %d · thay bằng thông báo: %d · không gỡ được: %d",
		msgRetractReport:         "✅ Đợt gỡ #%d xong: %d cuộc trò chuyện · đã xóa: %d · thay bằng thông báo: %d · không gỡ được: %d",
		msgRetractPreview:        "«%s»\n\nGỡ bài này khỏi /latest, tìm kiếm và %s cuộc trò chuyện đã nhận? Không thể hoàn tác.",
		msgRetractPreviewJob:     "«%s»\n\nThu hồi thông báo #%d khỏi %s cuộc trò chuyện đã nhận? Không thể hoàn tác.",
		msgRetractButton:         "🗑 Gỡ",
		msgRetractJobButton:      "🗑 Thu hồi thông báo #%d",
		msgRetractConfirm:        "🗑 Gỡ, không thể hoàn tác",
		msgRetractKeep:           "Giữ lại",
		msgRetractKept:           "Đã giữ lại, không gỡ gì.",
		msgRetractQueued:         "Đã gỡ bài khỏi /latest và tìm kiếm. Đợt gỡ #%d đang xóa tin ở %s cuộc trò chuyện; xem tiến độ trong /jobs.",
		msgRetractUsage:          "Cách dùng: /retract <mã bài>, hoặc /retract #<số> cho một thông báo (số có trong /jobs). Mã bài có trong lệnh newsbot article list.",
		msgRetractNotRetractable: "Thông báo #%d không thu hồi được (đã thu hồi, hoặc là một đợt gỡ hay bản tóm tắt).",
		msgJobRetracted:          "(đã thu hồi, đợt #%d)",
		msgReceiptRetracted:      "Thông báo #%d đã được thu hồi, không nhắc lại được.",
		msgCorrectedMark:         "(đã sửa lúc %s)",
		msgCorrectionNotice:      "Đính chính: <b>%s</b>",
		msgJobCorrect:            "Sửa «%s»",
		msgCorrectReport:         "Đợt sửa #%d: %d/%d · đã sửa: %d · không sửa được: %d",
		msgCorrectButton:         "✏️ Sửa",
		msgCorrectUsage:          "Cách dùng: gửi nội dung đã sửa (dòng đầu là tiêu đề, sau đó phần mở đầu và nội dung), rồi trả lời tin đó bằng /correct <mã bài>; với một thông báo: gửi nội dung mới, rồi trả lời bằng /correct #<số>.",
		msgCorrectHow:            "Để sửa bài: gửi nội dung đã sửa (dòng đầu là tiêu đề, sau đó phần mở đầu và nội dung), rồi trả lời tin đó bằng\n<code>/correct %s</code>",
		msgCorrectPreview:        "Sửa bài «%s» và các tin đã gửi tới %s cuộc trò chuyện (ghi «đã sửa lúc …»)? Nội dung mới:",
		msgCorrectConfirm:        "✏️ Sửa",
		msgCorrectConfirmNotify:  "Sửa và thông báo lại",
		msgCorrectQueued:         "Đã sửa bài. Đợt sửa #%d đang sửa tin ở %s cuộc trò chuyện; xem tiến độ trong /jobs.",
		msgCorrectQueuedJob:      "Đã sửa thông báo #%d. Đợt sửa #%d đang sửa tin ở %s cuộc trò chuyện; xem tiến độ trong /jobs.",
		msgCorrectPreviewJob:     "Sửa thông báo #%d và các tin đã gửi tới %s cuộc trò chuyện (ghi «đã sửa lúc …»)? Nội dung mới:",
		msgCorrectHowJob:         "Để sửa thông báo: gửi nội dung đã sửa, rồi trả lời tin đó bằng\n<code>/correct #%d</code>",
		msgCorrectJobButton:      "✏️ Sửa thông báo #%d",
		msgCorrectNotCorrectable: "Thông báo #%d không sửa được (đã thu hồi, hoặc không phải thông báo).",
	},
	English: {
		msgWelcome: "Hello %s! %s\n%s" +
			"Every new article will be sent to you as soon as it is published.\n\n" +
			"/latest — the newest articles\n/help — how to use the bot",
		msgWelcomeBack: "Welcome back, %s! You are still subscribed. Send /latest for the newest articles.",
		msgHelp: "<b>How to use the bot</b>\n\n/latest — the 5 newest articles (/latest 10 for 10, at most 20)\n" +
			"/search words — search the articles (accents optional)\n" +
			"/alert words — follow words: new articles with them are sent to you\n/alerts — see or delete the words you follow\n" +
			"/myunits — choose your units (commune, party cell, department)\n" +
			"/settings — language, categories, quiet hours, daily digest\n" +
			"/subscribe — receive new articles\n/unsubscribe — stop receiving them\n/stats — visit statistics\n/help — this help\n\n" +
			"In a group, add the bot's name to a command, e.g. /latest@%s.",
		msgHelpPortal:    "🌐 Portal: %s",
		msgWelcomeNews:   "You are subscribed to the news.",
		msgWelcomeNewsOf: "You are subscribed to the news of %s.",
		msgHelpAdmin: "\n\n<b>For admins</b>\n/post — publish an article (title on the first line)\n/broadcast — send an announcement\n" +
			"/receipts — who received the directives\n/jobs — recent pushes\n/retract, /correct — take back or correct an article\n/sources — polled sources\n/units — units\n" +
			"/admins — admins\n/members — members and requests to join\n/invite, /invites — invite links\n/audit — the audit log",
		msgSubscribed:       "✅ You are subscribed. New articles will be sent to you.\nChoose your categories (press to turn on or off):",
		msgAlreadySub:       "You are subscribed. Choose your categories (press to turn on or off), or send /unsubscribe to stop:",
		msgUnsubscribed:     "You will no longer receive articles. Send /subscribe to start again.",
		msgNotSubscribed:    "You are not subscribed. Send /subscribe to subscribe.",
		msgLatestHeader:     "📰 <b>The %d newest articles</b>",
		msgLatestEmpty:      "No articles yet.",
		msgLatestBadCount:   "The count must be a number from 1 to %d, e.g. /latest 5",
		msgUnknownCommand:   "There is no command /%s. Send /help for the list.",
		msgNotACommand:      "Send /latest for the newest articles, or /help for help.",
		msgInternalError:    "Sorry, something went wrong. Please try again in a few minutes.",
		msgReadMore:         "Read more",
		msgPublishedAt:      "Published",
		msgDocsFollow:       "📎 %d document(s) attached, sent right after this message.",
		msgDocLinked:        "📎 %s: too large to send through Telegram; tap the name to download it.",
		msgDocTooLarge:      "📎 %s: too large to send through Telegram; ask the office for it.",
		msgDocNotSentLinked: "📎 %s: could not be sent through Telegram; tap the name to open it.",
		msgDocNotSent:       "📎 %s: could not be sent through Telegram; ask the office for it.",
		msgDocsHeader:       "📎 <b>Attached documents</b>",
		msgSomeone:          "there",
		msgCommandStart:     "Start and subscribe",
		msgCommandHelp:      "How to use the bot",
		msgCommandLatest:    "Newest articles",
		msgCommandSubscribe: "Subscribe to news",
		msgCommandUnsub:     "Stop receiving news",
		msgCommandSearch:    "Search articles",
		msgSearchHelp: "<b>Search articles</b>\nSend /search and the words to look for, e.g.:\n" +
			"/search nghị quyết đại hội\n/search dan van — accents are optional\n" +
			"/search \"nông thôn mới\" — in quotes: the exact phrase\n\n" +
			"In any chat, type @%s and the words.",
		msgSearchNone:   "No article found for «%s». Try fewer or other words, or drop the quotes.",
		msgSearchCount:  "Results %d–%d of %d",
		msgSearchAll:    "%d results",
		msgSearchLast:   "Result %d of %d",
		msgStaleButton:  "This button no longer works. Please send the command again.",
		msgPrev:         "◀ Previous",
		msgNext:         "Next ▶",
		msgCommandStats: "Visit statistics",
		msgStatsCounter: "<b>Visits</b>\nToday: %s\nYesterday: %s\nThis week: %s\nThis month: %s\nAll time: %s",
		msgStatsAdmin: "<b>For admins</b>\nPeople today: %s · this month: %s\n" +
			"Receiving news: %s · blocked the bot: %s · unsubscribed: %s\nArticles: %s\nNotices sent in 7 days: %s",
		msgStatsMostViewed: "<b>Most read this month</b>",
		msgChartTitle:      "Visits, last 30 days",
		msgReadFull:        "📖 Read in full",
		msgArticleGone:     "This article can no longer be found.",
		msgKeepOneCategory: "Keep at least one category. To stop receiving news, send /unsubscribe.",
		msgSaved:           "Saved.",
		msgSettings: "<b>Settings</b>\nQuiet hours: <b>%s</b> — new articles arrive without sound then " +
			"(urgent ones still ring). Press to change.\n\nChoose your categories: /subscribe",
		msgQuietOff:        "off",
		msgCommandSettings: "Settings: language, categories, quiet hours, digest",
		msgCatNews:         "News",
		msgCatConference:   "Conferences",
		msgCatDirective:    "Directives and documents",
		msgCatAnnouncement: "Announcements",
		msgAdminOnly:       "This command is for admins only.",
		msgBroadcastUsage: "Send /broadcast and the announcement, or reply to a message with /broadcast. " +
			"You will see a preview before anything is sent.",
		msgBroadcastPreview:    "Preview of the announcement below. Press <b>Send</b> to send it to %s people receiving news.",
		msgBroadcastSend:       "📤 Send",
		msgBroadcastCancel:     "✖ Cancel",
		msgBroadcastDropped:    "Cancelled; nothing was sent.",
		msgBroadcastAlready:    "This announcement was already sent.",
		msgBroadcastStarting:   "Getting ready to send…",
		msgBroadcastStarted:    "Sending has started.",
		msgBroadcastExpired:    "This preview has expired. Please send /broadcast again.",
		msgBroadcastTooLong:    "The announcement is too long: at most %d characters (it has %d, %d too many). Please shorten it and send again.",
		msgJobProgress:         "Push #%d\n%s %d/%d\nBlocked the bot: %d · failed: %d · about %s left",
		msgJobReport:           "✅ Push #%d done: %d/%d received · blocked the bot: %d · failed: %d · took %s",
		msgJobCancelledReport:  "✖ Push #%d cancelled: %d/%d received · blocked the bot: %d · failed: %d",
		msgJobsNone:            "No pushes yet.",
		msgJobsHeader:          "<b>Recent pushes</b>",
		msgJobBroadcast:        "Announcement",
		msgJobArticle:          "Article",
		msgJobCancel:           "✖ Cancel #%d",
		msgJobCancelled:        "Push #%d cancelled.",
		msgJobAlreadyDone:      "Push #%d had already finished; there is nothing to cancel.",
		msgJobAlreadyCancelled: "Push #%d had already been cancelled.",
		msgSourcesNone:         "No sources yet.",
		msgSourcesHeader:       "<b>Polled sources</b>",
		msgSourceLine:          "%s <b>%s</b> (%s) · %d articles · last polled: %s",
		msgSourceNever:         "never",
		msgSourcePausedNote:    "Paused.",
		msgSourceFailing:       "Failed %d times in a row: %s",
		msgSourceBlocked:       "internal address blocked",
		msgSourcePause:         "⏸ Pause %s",
		msgSourceResume:        "▶ Resume %s",
		msgSourcePausedDone:    "Source %s paused.",
		msgSourceResumed:       "Source %s will be polled again.",
		msgSourceAlert: "⚠️ Source <b>%s</b> has failed several times in a row.\nLast error: %s\n" +
			"The bot keeps trying, less and less often. See /sources.",
		msgSourceRecovered: "✅ Source <b>%s</b> works again.",
		msgUpdateQuarantined: "⚠️ The bot stopped abruptly twice while handling the same incoming update (ID %d, type %s). " +
			"That update was skipped so that the bot keeps running; all others are handled as usual. " +
			"If someone reports that the bot did not answer, please pass the server's log to the technical staff.",
		// Roles, closed mode and invites.
		msgMembersOnly:        "You have not been approved yet. Send /start to ask to join, or wait for an admin's approval.",
		msgJoinPending:        "Hello %s! Your request to join has been sent to the admins. You will get a message once it is approved.",
		msgJoinStillPending:   "Your request to join is waiting for an admin's approval. Please wait.",
		msgJoinRejectedBefore: "Your request to join was not accepted. Please contact an admin if needed.",
		msgJoinPrivateOnly:    "This bot is for approved members only. Message the bot privately and send /start to ask to join.",
		msgJoinRequestAdmin:   "🙋 <b>Request to join</b>\n%s\nID: <code>%d</code>\nAt: %s",
		msgGroupNotApproved: "An admin has not approved this group yet, so the bot does not answer here. " +
			"Send /start in the group to ask.",
		msgGroupJoinPending: "The request for group <b>%s</b> to receive news has been sent to the admins. " +
			"The group will get a message once it is approved.",
		msgGroupJoinStillPending:   "This group's request to receive news is waiting for an admin's approval.",
		msgGroupJoinRejectedBefore: "This group's request to receive news was not accepted. Please contact an admin if needed.",
		msgGroupJoinRequestAdmin:   "🙋 <b>A group asks to receive news</b>\n%s\nGroup ID: <code>%d</code>\nAsked by: %s\nAt: %s",
		msgGroupJoinApproved:       "✅ An admin approved this group: it will receive new articles. Send /help for help.",
		msgGroupJoinRejected:       "This group's request to receive news was not accepted.",
		msgJoinApprove:             "✅ Approve",
		msgJoinReject:              "❌ Reject",
		msgJoinApprovedAdmin:       "%s approved.",
		msgJoinRejectedAdmin:       "%s rejected.",
		msgJoinAlreadyDecided:      "This request was already handled.",
		msgJoinUnknown:             "There is no such request.",
		msgJoinApproved:            "✅ Your request to join was approved. You will now receive new articles. Send /help for help.",
		msgJoinRejected:            "Sorry, your request to join was not accepted. Please contact an admin if needed.",
		msgInviteBad:               "This invite link is not valid or was revoked. Send /start to ask to join.",
		msgInviteExpired:           "This invite link has expired. Send /start to ask to join.",
		msgInviteUsedUp:            "This invite link has been used up. Send /start to ask to join.",
		msgInviteUsage:             "Usage: /invite [uses] [days], e.g. /invite 5 3 (5 people, for 3 days). Uses from 1 to %d, days from 1 to %d; default 1 use, 7 days.",
		msgInvitePrivateOnly:       "Invite links are secret: send /invite in a private chat with the bot.",
		msgInviteCreated:           "🔗 Invite link #%d (%d uses, expires %s):\n%s\n\nSend this link to the people who should join. List and revoke: /invites",
		msgInvitesNone:             "No invite link is active. Create one: /invite",
		msgInvitesHeader:           "<b>Active invite links</b>",
		msgInviteLine:              "#%d · uses left: %d/%d · expires %s · created by %s",
		msgInviteRevoke:            "✖ Revoke #%d",
		msgInviteRevoked:           "Invite link #%d revoked.",
		msgInviteGone:              "This invite link is no longer active.",
		msgAdminsHeader:            "<b>Admins</b>",
		msgAdminsHowTo:             "Add: /admins add ID (the person's numeric Telegram ID), or reply to one of their messages with /admins add.\nRemove: press a button below.",
		msgAdminsUsage:             "Usage: /admins for the list; /admins add ID to add one (or reply to their message with /admins add).",
		msgAdminRemoveButton:       "✖ %s",
		msgAdminAdded:              "✅ %s is now an admin.",
		msgAdminAlready:            "%s is already an admin.",
		msgAdminRemoveAsk:          "Remove %s's admin rights?",
		msgAdminRemoveYes:          "Remove",
		msgAdminRemoveNo:           "Cancel",
		msgAdminRemoved:            "%s is no longer an admin.",
		msgAdminNotAdmin:           "This person is not an admin any more.",
		msgAdminLast:               "The last admin cannot be removed. Add another one first.",
		msgAdminKept:               "Cancelled, nothing changed.",
		msgAuditHeader:             "<b>Audit log</b> (latest %d entries, Vietnam time)",
		msgAuditEmpty:              "The audit log is empty.",
		msgAuditCLI:                "command line",
		// /members.
		msgMembersHeader:        "👥 <b>Members</b>: %d people (%d receiving news)",
		msgMembersOpen:          "The bot is open: anyone who sends /start is subscribed, no approval needed.",
		msgMembersNonePending:   "No request to join is waiting.",
		msgMembersPendingHeader: "🙋 <b>Requests to join waiting</b> (%d):",
		msgMembersPendingLine:   "• %s · ID <code>%d</code> · %s",
		msgMembersPendingMore:   "… and %d more requests. Approve or reject those above, then send /members again.",
		msgMembersApprove:       "✅ Approve %s",
		msgMembersReject:        "❌ Reject %s",
		msgMembersHowTo:         "Remove a member: /members remove ID, or reply to one of their messages with /members remove.",
		msgMembersUsage:         "Usage: /members for the requests to join and the number of members; /members remove ID to remove a member (or reply to their message with /members remove).",
		msgMemberRemoveAsk:      "Remove %s (ID <code>%d</code>) from the members?\nThey will receive nothing more (not even notices still waiting to be sent) and their keyword alerts will be deleted.",
		msgMemberBackClosed:     "To come back they need an invite link (/invite).",
		msgMemberBackOpen:       "The bot is open: if they send /start, they are subscribed again.",
		msgMemberRemoveYes:      "🗑 Remove",
		msgMemberRemoveNo:       "Cancel",
		msgMemberRemoved:        "%s was removed from the members.",
		msgMemberKept:           "Cancelled; nobody was removed.",
		msgMemberUnknown:        "No member has ID %d. Nothing changed.",
		msgMemberIsAdmin:        "%s is an admin and cannot be removed this way. Remove the admin first (/admins).",

		// Publishing from the bot (/post), acknowledgements and /receipts.
		msgPostUsage: "Usage: /post, then the title on the first line and the text on the following lines, e.g.:\n" +
			"<code>/post April party cell meeting\nThe cell meets at 14:00 on Friday in the hall.</code>\n" +
			"Or reply /post to a message (a photo's or a document's caption works too), or send a document with a caption starting with /post.\n" +
			"To send it to some units only: <code>/post @hoang-tien Party cell meeting…</code> (several: <code>@a,b</code>).",
		msgPostTitleTooLong:     "The title is too long: at most %d characters (it has %d). Please shorten it and send again.",
		msgPostBodyTooLong:      "The text is too long: at most %d characters (it has %d). Please shorten it and send again.",
		msgPostChoose:           "👆 Preview of the article. Choose a category to publish it and send it out, or Cancel.",
		msgPostDropped:          "Cancelled; nothing was published.",
		msgPostPublished:        "✅ Published in %s; sending to %d people.",
		msgPostAlready:          "This article has already been published.",
		msgPostExpired:          "This preview has expired. Please send /post again.",
		msgPostDocRefused:       "The file «%s» cannot be posted: the bot sends only %s documents. Nothing was published; send it again with a file of those types, or without a file.",
		msgAckButton:            "✅ Received",
		msgAckDoneButton:        "☑️ Acknowledged",
		msgAckRecorded:          "Acknowledged. Thank you!",
		msgAckAlready:           "Acknowledged (you had already confirmed).",
		msgAckNotForYou:         "This notice was not sent to you, or needs no acknowledgement.",
		msgAckReminder:          "🔔 <b>Reminder:</b> you have not yet confirmed receiving the notice below. Please press «✅ Received».",
		msgBroadcastSendAck:     "📤 Send, ask to acknowledge",
		msgReceiptsHeader:       "📋 <b>Acknowledgements</b> — recent directives and notices:",
		msgReceiptsNone:         "No directive or notice has asked for acknowledgement yet.",
		msgReceiptsLine:         "#%d %s — %d/%d acknowledged",
		msgReceiptHeader:        "<b>%s</b>\n#%d · sent %s · %d/%d acknowledged",
		msgReceiptAcked:         "✅ <b>Acknowledged (%d):</b>",
		msgReceiptPending:       "⏳ <b>Not yet (%d):</b>",
		msgReceiptMore:          "… and %d more",
		msgReceiptUnreachable:   "(could not be reached)",
		msgReceiptNotSent:       "(not sent yet)",
		msgReceiptLeft:          "(no longer receives news)",
		msgReceiptReminded:      "🔔 Reminded once (push #%d).",
		msgReceiptRemind:        "🔔 Remind those who have not acknowledged",
		msgReceiptRemindSent:    "Reminder sent to %d people.",
		msgReceiptRemindAlready: "A reminder was already sent for this notice (one per notice).",
		msgReceiptRemindNobody:  "Nobody to remind: everyone has acknowledged, was not sent it, could not be reached, or no longer receives news.",
		msgJobReminder:          "Reminder of #%d",
		// Security (branch security).
		msgTooFast: "You are going too fast. Please wait a moment and try again.",

		// Settings: language, daily digest, related articles.
		msgSettingsMore:     "Language: <b>%s</b>\nDelivery: <b>%s</b>",
		msgLangName:         "English",
		msgDigestToggle:     "Daily digest at 07:00",
		msgDigestOn:         "a daily digest at 07:00 (urgent articles still come at once)",
		msgDigestOff:        "one message per article",
		msgCategoriesBt:     "🗂 Categories",
		msgDigestHeader:     "☀️ <b>Daily digest</b> — %d new articles",
		msgDigestHeadOf:     "☀️ <b>Daily digest of %s</b> — %d new articles",
		msgDigestMore:       "… and %d more (see /latest)",
		msgJobDigest:        "Daily digest",
		msgRelated:          "<b>Related articles</b>",
		msgCommandBroadcast: "Admin: send an announcement to everyone",
		msgCommandJobs:      "Admin: push jobs",
		msgCommandSources:   "Admin: news sources",
		msgCommandPost:      "Admin: publish an article in a category",
		msgCommandReceipts:  "Admin: who acknowledged a directive",
		msgCommandUnits:     "Admin: units that receive news",
		msgCommandAdmins:    "Admin: the admins",
		msgCommandMembers:   "Admin: members and requests to join",
		msgCommandInvite:    "Admin: make an invite link",
		msgCommandInvites:   "Admin: invite links",
		msgCommandRetract:   "Admin: take an article back",
		msgCommandCorrect:   "Admin: correct an article",
		msgCommandAudit:     "Admin: audit log",
		// Keyword alerts (AlertKeeper).
		msgCommandAlerts: "Keyword alerts",
		msgAlertHelp: "🔔 <b>Keyword alerts</b>\nSend /alert with the words to follow: every new article that has all of them is sent to you, " +
			"even in categories you do not receive.\n\nExamples:\n/alert nông thôn mới\n/alert \"chuyển đổi số\" cấp xã\n" +
			"/alert cuu chien binh (accents are optional)\n\nPut a phrase in quotes to find exactly that phrase. " +
			"At most %d alerts of at most %d characters each. /alerts — list and delete.",
		msgAlertSaved:        "🔔 Alert «%s» saved. New articles with these words will be sent to you (%d/%d). /alerts — list and delete.",
		msgAlertNeedsSub:     "You are not subscribed, so nothing will be sent yet: send /subscribe to subscribe.",
		msgAlertTooLong:      "The alert is too long: at most %d characters.",
		msgAlertTooMany:      "You already have %d alerts, the most allowed. Delete one in /alerts first.",
		msgAlertDuplicate:    "You already follow «%s».",
		msgAlertPrivateOnly:  "Keyword alerts work in a private chat with the bot only.",
		msgAlertsNone:        "You follow no keywords yet. For example: /alert nông thôn mới",
		msgAlertsHeader:      "🔔 <b>Your keyword alerts</b> (%d/%d) — press to delete:",
		msgAlertDeleteButton: "🗑 Delete %s",
		msgAlertDeleted:      "Deleted «%s».",
		msgAlertGone:         "This alert no longer exists.",
		msgAlertMatched:      "🔔 Alert: «%s»",
		// Audiences by unit (Audiences).
		msgCommandMyUnits: "My units",
		msgUnitsPicker: "🏘 <b>Your units</b>\nChoose the communes, towns, party cells or departments you belong to " +
			"(press to turn on or off), to receive their own announcements.",
		msgUnitsNone:      "No units are defined yet.",
		msgUnitsButton:    "🏘 My units",
		msgUnitsAdminList: "🏘 <b>Units</b> (%d):",
		msgUnitsLine:      "• <code>%s</code> — %s: %s people",
		msgUnitsNoUnit:    "No unit chosen: %s people",
		msgUnitsUsage: "Managing units:\n/units add &lt;slug&gt; &lt;name&gt; — add or rename, e.g. /units add chi-bo-3 Chi bộ 3\n" +
			"/units remove &lt;slug&gt; — delete\n/units list — list\n" +
			"/units assign @slug (as a reply to a person's message) — place them in a unit; /units unassign @slug — take them out\n" +
			"Announce to a unit: /broadcast @chi-bo-3 text\n/myunits — choose your own units",
		msgUnitAdded:   "✅ Unit <code>%s</code> — %s saved.",
		msgUnitRemoved: "Unit <code>%s</code> deleted.",
		msgUnitUnknown: "There is no unit <code>%s</code>. Send /units for the list.",
		msgUnitBad: "Bad unit slug or name: a slug has a–z, 0–9 and -, at most 32 characters; " +
			"a name at most 64 characters; at most 60 units.",
		msgUnitPreview:     "Preview of the announcement below. Press <b>Send</b> to send it to %s people in: %s.",
		msgUnitTooMany:     "An announcement can target at most 5 units.",
		msgUnitsMine:       "🏘 <b>Your units</b>: %s\nAdmins place people in units; if this is wrong, please contact an admin.",
		msgUnitsNoneOfMine: "none yet",
		msgUnitsByAdmins:   "Units are assigned by admins. If yours are wrong, please contact an admin.",
		msgUnitsAssignUsage: "Usage: reply to one of the person's messages with /units assign @unit-slug " +
			"(several units may follow), or /units assign ID @unit-slug. /units unassign … takes them out.",
		msgUnitsAssignUnknown: "A unit slug does not exist, so nothing changed. Send /units for the list.",
		msgUnitsAssignNobody:  "The person with ID <code>%d</code> has not used the bot yet (no /start), so cannot be placed in units.",
		msgUnitsAssigned:      "✅ %s belongs to: %s.",
		msgStatsUnits:         "🏘 <b>Subscribers by unit</b>",

		// /post to units.
		msgPostReach: "🏘 Will be sent only to the <b>%s people</b> of: %s " +
			"(and to people whose keyword alerts match it). The article is still listed by /latest and /search for everyone.",
		msgPostUnitUnknown:    "There is no unit <code>%s</code>; nothing was published. The units are: %s",
		msgPostUnitGone:       "A unit of this article was just deleted; nothing was published. Please send /post again.",
		msgPostPublishedUnits: "✅ Published in %s; sending to %d people (%s).",
		// /sources add and /sources remove (Bot.handleSourcesEdit).
		msgSourcesAddHint: "Add a source: /sources add NAME URL [kind] [category]\nRemove one added here: /sources remove NAME",
		msgSourcesUsage: "Usage:\n/sources — the polled sources\n" +
			"/sources add NAME URL [kind] [category] — add a source, e.g.\n" +
			"/sources add xa-hoang-tien https://hoangtien.example.vn/rss rss thong-bao\n" +
			"  NAME: lower-case letters, digits, . _ -, at most 40 characters\n" +
			"  kind: feed (default), rss, atom, jsonfeed, html\n" +
			"  category: tin-tuc, hoi-nghi, chi-dao, thong-bao\n" +
			"/sources remove NAME — remove a source added in the bot",
		msgSourceAdded: "✅ Source <b>%s</b> (%s) added. A test read found %d articles, e.g.:\n%s\n\n" +
			"The articles there now are stored for search but not pushed; new ones will be pushed to subscribers.",
		msgSourceRemoved: "Source %s removed. The articles it stored are kept.",
		msgSourceUnknown: "There is no source <b>%s</b>. Send /sources for the list.",
		msgSourceExists:  "A source named <b>%s</b> exists already. Please choose another name.",
		msgSourceInFile: "Source <b>%s</b> is defined in the sources file, so it cannot be removed in the bot. " +
			"Edit the file and restart, or press ⏸ to pause it.",
		msgSourceUnreadable: "This source could not be read, so it was not saved: %s\nPlease check the URL and the kind.",
		msgSourceAddBlocked: "This source was not saved: internal address blocked. The bot does not fetch from its own " +
			"server or the internal network. If this is an intranet portal, ask the server's operator to add its address " +
			"to allow_private in the sources file.",
		msgSourceInvalid:      "This source is not valid, so it was not saved: %s\nSend /sources help for the usage.",
		msgSourceDeleteButton: "🗑 Remove %s",
		msgSourceDeleteAsk:    "Remove source <b>%s</b>? It will no longer be polled; the articles it stored are kept.",
		msgSourceDeleteYes:    "🗑 Remove",
		msgSourceDeleteNo:     "↩ Keep",
		msgSourceEmpty: "This address could be read but lists no article, so it was not saved. " +
			"Please check the kind (feed or html) and the URL of the listing page.",
		msgSourceChecking:   "Reading the source… The result will follow when the read ends (half a minute at most).",
		msgSourceChecksBusy: "Other sources are being read. Please send the command again in a few minutes.",
		msgSourcesFull: "%s sources are added in the bot already, the most allowed, so this one was not saved. " +
			"Remove one no longer needed (/sources remove NAME), then add it again.",
		msgSourceCheckStopped: "The bot is stopping, so the source was not read to the end and nothing was saved. Please send the command again once the bot is back.",

		// Taking an article back.
		msgRetractedArticle:      "This article was taken down at %s (Vietnam time).",
		msgRetractedBroadcast:    "This announcement was withdrawn at %s (Vietnam time).",
		msgJobRetract:            "Take down “%s”",
		msgRetractProgress:       "Take-down #%d\n%s %d/%d\nDeleted: %d · replaced by a notice: %d · not taken back: %d",
		msgRetractReport:         "✅ Take-down #%d done: %d chats · deleted: %d · replaced by a notice: %d · not taken back: %d",
		msgRetractPreview:        "“%s”\n\nTake this article down from /latest, search and the %s chats that received it? This cannot be undone.",
		msgRetractPreviewJob:     "“%s”\n\nWithdraw announcement #%d from the %s chats that received it? This cannot be undone.",
		msgRetractButton:         "🗑 Take down",
		msgRetractJobButton:      "🗑 Withdraw announcement #%d",
		msgRetractConfirm:        "🗑 Take down, cannot be undone",
		msgRetractKeep:           "Keep it",
		msgRetractKept:           "Kept; nothing was taken down.",
		msgRetractQueued:         "The article left /latest and search. Take-down #%d is deleting its messages in %s chats; see /jobs for progress.",
		msgRetractUsage:          "Usage: /retract <article id>, or /retract #<number> for an announcement (/jobs shows the numbers). The command newsbot article list shows the IDs.",
		msgRetractNotRetractable: "Announcement #%d cannot be withdrawn (already withdrawn, or a take-down or digest itself).",
		msgJobRetracted:          "(withdrawn, #%d)",
		msgReceiptRetracted:      "Announcement #%d was withdrawn; there is no reminder of it.",
		msgCorrectedMark:         "(corrected at %s)",
		msgCorrectionNotice:      "Correction: <b>%s</b>",
		msgJobCorrect:            "Correct “%s”",
		msgCorrectReport:         "Correction #%d: %d/%d · edited: %d · not edited: %d",
		msgCorrectButton:         "✏️ Correct",
		msgCorrectUsage:          "Usage: send the corrected text (the title on the first line, then the lead and the body), then reply to it with /correct <article id>; for an announcement: send the new text, then reply with /correct #<number>.",
		msgCorrectHow:            "To correct the article: send the corrected text (the title on the first line, then the lead and the body), then reply to it with\n<code>/correct %s</code>",
		msgCorrectPreview:        "Correct “%s” and the notices sent to %s chats (marked “corrected at …”)? The new text:",
		msgCorrectConfirm:        "✏️ Correct",
		msgCorrectConfirmNotify:  "Correct and notify again",
		msgCorrectQueued:         "Article corrected. Correction #%d is editing its notices in %s chats; see /jobs for progress.",
		msgCorrectQueuedJob:      "Announcement #%d corrected. Correction #%d is editing its messages in %s chats; see /jobs for progress.",
		msgCorrectPreviewJob:     "Correct announcement #%d and the messages sent to %s chats (marked “corrected at …”)? The new text:",
		msgCorrectHowJob:         "To correct the announcement: send the corrected text, then reply to it with\n<code>/correct #%d</code>",
		msgCorrectJobButton:      "✏️ Correct announcement #%d",
		msgCorrectNotCorrectable: "Announcement #%d cannot be corrected (withdrawn, or not an announcement).",
	},
}

// singular holds the texts that change when the number they count is 1, by
// language: English only ("1 article", "1 person"); Vietnamese nouns do not
// change. Each takes the same arguments as its catalogue text, and is read
// by Lang.N. It is never modified.
var singular = map[Lang]map[msg]string{
	English: {
		msgLatestHeader:  "📰 <b>The %d newest article</b>",
		msgSearchAll:     "%d result",
		msgDigestHeader:  "☀️ <b>Daily digest</b> — %d new article",
		msgDigestHeadOf:  "☀️ <b>Daily digest of %s</b> — %d new article",
		msgSourceLine:    "%s <b>%s</b> (%s) · %d article · last polled: %s",
		msgSourceFailing: "Failed %d time: %s",
		msgSourceAdded: "✅ Source <b>%s</b> (%s) added. A test read found %d article:\n%s\n\n" +
			"It is stored for search but not pushed; new ones will be pushed to subscribers.",
		msgInviteCreated:      "🔗 Invite link #%d (%d use, expires %s):\n%s\n\nSend this link to the person who should join. List and revoke: /invites",
		msgAuditHeader:        "<b>Audit log</b> (latest %d entry, Vietnam time)",
		msgMembersHeader:      "👥 <b>Members</b>: %d person (%d receiving news)",
		msgMembersPendingMore: "… and %d more request. Approve or reject those above, then send /members again.",
		msgBroadcastPreview:   "Preview of the announcement below. Press <b>Send</b> to send it to %s person receiving news.",
		msgPostPublished:      "✅ Published in %s; sending to %d person.",
		msgPostPublishedUnits: "✅ Published in %s; sending to %d person (%s).",
		msgReceiptRemindSent:  "Reminder sent to %d person.",
		msgUnitsLine:          "• <code>%s</code> — %s: %s person",
		msgUnitsNoUnit:        "No unit chosen: %s person",
		msgUnitPreview:        "Preview of the announcement below. Press <b>Send</b> to send it to %s person in: %s.",
		msgPostReach: "🏘 Will be sent only to the <b>%s person</b> of: %s " +
			"(and to people whose keyword alerts match it). The article is still listed by /latest and /search for everyone.",
		// Taking an article back (Retractions).
		msgRetractReport:     "✅ Take-down #%d done: %d chat · deleted: %d · replaced by a notice: %d · not taken back: %d",
		msgRetractPreview:    "“%s”\n\nTake this article down from /latest, search and the %s chat that received it? This cannot be undone.",
		msgRetractPreviewJob: "“%s”\n\nWithdraw announcement #%d from the %s chat that received it? This cannot be undone.",
		msgRetractQueued:     "The article left /latest and search. Take-down #%d is deleting its message in %s chat; see /jobs for progress.",
		msgCorrectPreview:    "Correct “%s” and the notice sent to %s chat (marked “corrected at …”)? The new text:",
		msgCorrectQueued:     "Article corrected. Correction #%d is editing its notice in %s chat; see /jobs for progress.",
		msgCorrectQueuedJob:  "Announcement #%d corrected. Correction #%d is editing its message in %s chat; see /jobs for progress.",
		msgCorrectPreviewJob: "Correct announcement #%d and the message sent to %s chat (marked “corrected at …”)? The new text:",
	},
}

// T returns the text for key in language l, formatted with args. A key
// missing in l falls back to Vietnamese.
func (l Lang) T(key msg, args ...any) string {
	s, ok := catalogue[l][key]
	if !ok {
		s = catalogue[Vietnamese][key]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N is T for a text that counts n things (n is also among args, where the
// text shows it): when n is 1 it uses l's singular form of key, if l has
// one.
func (l Lang) N(key msg, n int, args ...any) string {
	if s, ok := singular[l][key]; ok && n == 1 {
		return fmt.Sprintf(s, args...)
	}
	return l.T(key, args...)
}

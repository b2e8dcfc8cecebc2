package content

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Membership errors, returned (wrapped) by the store's membership and
// invite methods; in each case nothing was changed.
var (
	// ErrAlreadyMember: a member asked to join or redeemed an invite (no
	// use of the invite is spent).
	ErrAlreadyMember = errors.New("already a member")
	// ErrJoinUnknown: nobody with that user ID asked to join.
	ErrJoinUnknown = errors.New("no such join request")
	// ErrAlreadyDecided: the join request was approved or rejected before.
	ErrAlreadyDecided = errors.New("join request already decided")
	// ErrLastAdmin: removing the admin would leave none.
	ErrLastAdmin = errors.New("the last admin cannot be removed")
	// ErrMemberIsAdmin: an admin cannot be removed as a member; their
	// admin rights must be revoked first.
	ErrMemberIsAdmin = errors.New("an admin cannot be removed as a member: remove the admin first")
	// ErrInviteUnknown: no invite has this code or ID (mistyped or forged).
	ErrInviteUnknown = errors.New("no such invite")
	// ErrInviteExpired, ErrInviteUsedUp, ErrInviteRevoked: the invite
	// admits nobody any more.
	ErrInviteExpired = errors.New("invite expired")
	ErrInviteUsedUp  = errors.New("invite used up")
	ErrInviteRevoked = errors.New("invite revoked")
)

// JoinStatus is where a join request stands.
type JoinStatus string

// The states of a join request. A request is decided once: pending becomes
// approved or rejected, never back.
const (
	JoinPending  JoinStatus = "pending"
	JoinApproved JoinStatus = "approved"
	JoinRejected JoinStatus = "rejected"
)

// JoinRequest is a newcomer's /start in closed mode, waiting for an admin:
// a person's, or a group's (Group set) asked for by a member in the group.
type JoinRequest struct {
	// UserID is who asks: the person, or for a group the group's chat ID
	// (negative, so it never meets a person's).
	UserID int64 `json:"user_id"`
	// ChatID is the chat the answer goes to: the person's private chat, or
	// the group.
	ChatID int64 `json:"chat_id"`
	// Group is set on a group's request; By is the member who sent
	// /start@bot in it, and Name is the group's title.
	Group    bool       `json:"group,omitempty"`
	By       int64      `json:"by,omitempty"`
	Name     string     `json:"name,omitempty"`
	Username string     `json:"username,omitempty"`
	Lang     string     `json:"lang,omitempty"`
	At       time.Time  `json:"at"`
	Status   JoinStatus `json:"status"`
	// DecidedBy is the admin who approved or rejected it.
	DecidedBy int64     `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// Subscriber is the record an approved request becomes; an approved
// group's record is Approved and names the member who asked as its UserID.
func (j JoinRequest) Subscriber() Subscriber {
	if j.Group {
		return Subscriber{ChatID: j.ChatID, UserID: j.By, Name: j.Name, Lang: j.Lang, Group: true, Approved: true}
	}
	return Subscriber{ChatID: j.ChatID, UserID: j.UserID, Username: j.Username, Name: j.Name, Lang: j.Lang}
}

// Settles reports whether the chat record s, when present, already answers
// the request: a person with a record is a member, a group is one only
// once approved.
func (j JoinRequest) Settles(s Subscriber) bool {
	return !j.Group || s.Approved
}

// Membership is closed mode's roll: the join requests waiting for an admin
// and how many people are members.
type Membership struct {
	// Pending are the requests still waiting, oldest first. A person who
	// became a member meanwhile (an open-mode /start) is left out.
	Pending []JoinRequest `json:"pending"`
	// Members counts the people with a record of their private chat
	// (everyone the bot lets in in closed mode, admins aside); Receiving,
	// those of them who still receive pushes.
	Members   int `json:"members"`
	Receiving int `json:"receiving"`
}

// MemberRemoval is what removing a member took away.
type MemberRemoval struct {
	// Member is the person's subscriber record as it was.
	Member Subscriber `json:"member"`
	// Alerts is how many keyword alerts were deleted; Pushes, how many
	// notices not yet sent to the person (and to Groups) were dropped.
	Alerts int `json:"alerts"`
	Pushes int `json:"pushes"`
	// Groups is how many groups the person had subscribed, never approved
	// by an admin, that stopped receiving with the removal.
	Groups int `json:"groups"`
}

// AuditDetail is the detail of the member.remove audit entry: the user ID,
// then the name and @username when known ("5123456 Lan (@lan)").
func (m MemberRemoval) AuditDetail() string {
	out := strconv.FormatInt(m.Member.ChatID, 10)
	if name := strings.Join(strings.Fields(m.Member.Name), " "); name != "" {
		out += " " + name
	}
	if m.Member.Username != "" {
		out += " (@" + m.Member.Username + ")"
	}
	return out
}

// Invite is an invite link's state. Its code is not kept: the store holds
// only the code's hash, so a copy of the database does not hand out links.
type Invite struct {
	ID uint64 `json:"id"`
	// Uses is how many people the link admits in all; Left how many more.
	Uses      int       `json:"uses"`
	Left      int       `json:"left"`
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
	CreatedBy int64     `json:"created_by,omitempty"`
	Revoked   bool      `json:"revoked,omitempty"`
}

// Active reports whether the invite still admits people at now.
func (i Invite) Active(now time.Time) bool {
	return !i.Revoked && i.Left > 0 && now.Before(i.Expires)
}

// Invite bounds: what /invite uses without arguments, and the most it allows.
const (
	DefaultInviteUses = 1
	DefaultInviteDays = 7
	MaxInviteUses     = 1000
	MaxInviteDays     = 90
	// inviteCodeBytes is the code's randomness: 128 bits.
	inviteCodeBytes = 16
)

// NewInviteCode returns a fresh unguessable code: 128 random bits in
// base64url without padding (22 characters of [A-Za-z0-9_-], so it fits a
// Telegram /start parameter).
func NewInviteCode() string {
	b := make([]byte, inviteCodeBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidInviteCode reports whether s has the shape of a code NewInviteCode
// makes; anything else is refused before the store is asked.
func ValidInviteCode(s string) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(inviteCodeBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// Audit actions of membership: approving and rejecting join requests,
// removing members, creating and revoking invite links.
const (
	AuditMemberApprove = "member.approve"
	AuditMemberReject  = "member.reject"
	AuditMemberRemove  = "member.remove"
	AuditInviteCreate  = "invite.create"
	AuditInviteRevoke  = "invite.revoke"
)

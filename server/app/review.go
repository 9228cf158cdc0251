package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"gradphoto/shared/apperr"
	"gradphoto/shared/record"
)

var errStaffOnly = apperr.New(apperr.Forbidden, "仅工作人员可以操作", "Staff only")

// ReviewQueue lists collections waiting for staff: album photos under
// review first, then camera photos submitted.
func (a *App) ReviewQueue(ctx context.Context, staff *Account, limit int) ([]*Collection, error) {
	if staff.Role != Staff {
		return nil, errStaffOnly
	}
	return a.Store.CollectionsInState(ctx, []record.State{record.UnderReview, record.Submitted}, limit)
}

// Approve accepts a collection's photo.
func (a *App) Approve(ctx context.Context, staff *Account, id int64) (*Collection, error) {
	return a.review(ctx, staff, id, func(c *Collection) error {
		if !c.State.CanReview() {
			return apperr.New(apperr.Conflict, "该采集当前不能审核", "This collection cannot be reviewed in its current state")
		}
		c.State, c.ReturnReason = record.Approved, ""
		return nil
	})
}

// Return sends a photo back to the student with the reason, in words the
// student will read.
func (a *App) Return(ctx context.Context, staff *Account, id int64, reason string) (*Collection, error) {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 2 || n > 300 {
		return nil, apperr.Field("reason", "请用2到300个字说明退回原因", "Give the reason in 2 to 300 characters")
	}
	return a.review(ctx, staff, id, func(c *Collection) error {
		if !c.State.CanReview() {
			return apperr.New(apperr.Conflict, "该采集当前不能退回", "This collection cannot be returned in its current state")
		}
		c.State, c.ReturnReason = record.Returned, reason
		return nil
	})
}

// Deliver marks an approved collection as delivered to CHSI.
func (a *App) Deliver(ctx context.Context, staff *Account, id int64) (*Collection, error) {
	return a.review(ctx, staff, id, func(c *Collection) error {
		if c.State != record.Approved {
			return apperr.New(apperr.Conflict, "只有审核通过的采集才能交付", "Only approved collections can be delivered")
		}
		c.State = record.Delivered
		return nil
	})
}

func (a *App) review(ctx context.Context, staff *Account, id int64, change func(*Collection) error) (*Collection, error) {
	if staff.Role != Staff {
		return nil, errStaffOnly
	}
	c, err := a.Store.CollectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := change(c); err != nil {
		return nil, err
	}
	c.UpdatedAt = a.now()
	return c, a.Store.UpdateCollection(ctx, c)
}

//go:build !js

package hranatest

import (
	"fmt"
)

// This file holds the JSON shapes of Hrana over HTTP (versions 2 and 3, JSON
// encoding), as POSTed to /v2/pipeline and /v3/pipeline, and their static
// validation. Values are in value.go.

// pipelineRequest is the body of a pipeline request.
type pipelineRequest struct {
	// Baton names the stream to continue; nil (absent or null) opens a new one.
	Baton *string `json:"baton"`
	// Requests is required; nil means it was absent or null.
	Requests *[]streamRequest `json:"requests"`
}

// pipelineResponse is the body of a successful pipeline response.
type pipelineResponse struct {
	// Baton continues the stream; null once the stream has been closed.
	Baton *string `json:"baton"`
	// BaseURL is always null: there is no other server to redirect to.
	BaseURL *string        `json:"base_url"`
	Results []streamResult `json:"results"`
}

// Request types. get_autocommit exists only from Hrana 3 on.
const (
	reqClose         = "close"
	reqExecute       = "execute"
	reqBatch         = "batch"
	reqSequence      = "sequence"
	reqDescribe      = "describe"
	reqStoreSQL      = "store_sql"
	reqCloseSQL      = "close_sql"
	reqGetAutocommit = "get_autocommit"
)

// streamRequest is one request of a pipeline. Which fields are used depends
// on Type.
type streamRequest struct {
	Type  string  `json:"type"`
	Stmt  *stmt   `json:"stmt"`  // execute
	Batch *batch  `json:"batch"` // batch
	SQL   *string `json:"sql"`   // sequence, describe, store_sql
	SQLID *int32  `json:"sql_id"`
}

// stmt is a statement to execute: SQL text or the id of SQL stored on the
// stream, with arguments.
type stmt struct {
	SQL       *string    `json:"sql"`
	SQLID     *int32     `json:"sql_id"`
	Args      []value    `json:"args"`
	NamedArgs []namedArg `json:"named_args"`
	// WantRows defaults to true when absent.
	WantRows *bool `json:"want_rows"`
}

func (s *stmt) wantRows() bool { return s.WantRows == nil || *s.WantRows }

// namedArg binds Value to the parameter called Name. Name may carry its
// prefix (":a", "@a", "$a") or not ("a"); see bindArgs.
type namedArg struct {
	Name  string `json:"name"`
	Value value  `json:"value"`
}

// batch is a list of statements, each run if its condition holds.
type batch struct {
	Steps []batchStep `json:"steps"`
}

type batchStep struct {
	Condition *batchCond `json:"condition"`
	Stmt      *stmt      `json:"stmt"`
}

// Batch condition types. is_autocommit exists only from Hrana 3 on.
const (
	condOk           = "ok"
	condError        = "error"
	condNot          = "not"
	condAnd          = "and"
	condOr           = "or"
	condIsAutocommit = "is_autocommit"
)

// batchCond is a condition on earlier steps of a batch (or on the
// connection's autocommit state).
type batchCond struct {
	Type  string      `json:"type"`
	Step  *int64      `json:"step"`  // ok, error
	Cond  *batchCond  `json:"cond"`  // not
	Conds []batchCond `json:"conds"` // and, or
}

// streamResult is the outcome of one request: "ok" with a response, or
// "error" with an error.
type streamResult struct {
	Type     string          `json:"type"`
	Response *streamResponse `json:"response,omitempty"`
	Error    *respError      `json:"error,omitempty"`
}

// streamResponse is the response to a request that succeeded. Result is set
// for execute, batch and describe; IsAutocommit for get_autocommit.
type streamResponse struct {
	Type         string `json:"type"`
	Result       any    `json:"result,omitempty"`
	IsAutocommit *bool  `json:"is_autocommit,omitempty"`
}

// respError is an error that is reported in the results of a pipeline (as a
// request's error or a batch step's error), not as an HTTP error.
type respError struct {
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}

func (e *respError) Error() string { return e.Message }

// stmtResult is the result of executing a statement.
type stmtResult struct {
	Cols             []column  `json:"cols"`
	Rows             [][]value `json:"rows"`
	AffectedRowCount int64     `json:"affected_row_count"`
	// LastInsertRowid is the connection's last insert rowid after the
	// statement, as a decimal string.
	LastInsertRowid *string `json:"last_insert_rowid"`
}

type column struct {
	Name     *string `json:"name"`
	Decltype *string `json:"decltype"`
}

// batchResult has one entry per step in each list; a step that did not run
// has null in both.
type batchResult struct {
	StepResults []*stmtResult `json:"step_results"`
	StepErrors  []*respError  `json:"step_errors"`
}

type describeResult struct {
	Params     []describeParam `json:"params"`
	Cols       []column        `json:"cols"`
	IsExplain  bool            `json:"is_explain"`
	IsReadonly bool            `json:"is_readonly"`
}

type describeParam struct {
	Name *string `json:"name"`
}

// protocolError is a request the server cannot process at all: malformed,
// inconsistent, or naming state that does not exist. It fails the whole
// pipeline with an HTTP 400, as opposed to respError.
type protocolError struct {
	Code    string
	Message string
}

func (e *protocolError) Error() string { return e.Message }

func protoErrorf(code, format string, args ...any) *protocolError {
	return &protocolError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// validate checks what can be checked without running anything, so that a
// malformed pipeline is refused before any of its requests takes effect.
func (p *pipelineRequest) validate(version int) error {
	if p.Requests == nil {
		return protoErrorf("PROTO_INVALID", `the "requests" field is required`)
	}
	for i := range *p.Requests {
		if err := (*p.Requests)[i].validate(version); err != nil {
			return protoErrorf(err.Code, "request %d: %s", i, err.Message)
		}
	}
	return nil
}

func (r *streamRequest) validate(version int) *protocolError {
	switch r.Type {
	case reqClose:
		return nil
	case reqExecute:
		if r.Stmt == nil {
			return protoErrorf("PROTO_INVALID", `an "execute" request needs "stmt"`)
		}
		return r.Stmt.validate()
	case reqBatch:
		if r.Batch == nil || r.Batch.Steps == nil {
			return protoErrorf("PROTO_INVALID", `a "batch" request needs "batch" with "steps"`)
		}
		for i := range r.Batch.Steps {
			step := &r.Batch.Steps[i]
			if step.Stmt == nil {
				return protoErrorf("PROTO_INVALID", `batch step %d needs "stmt"`, i)
			}
			if err := step.Stmt.validate(); err != nil {
				return protoErrorf(err.Code, "batch step %d: %s", i, err.Message)
			}
			if step.Condition != nil {
				if err := step.Condition.validate(i, version); err != nil {
					return protoErrorf(err.Code, "batch step %d: %s", i, err.Message)
				}
			}
		}
		return nil
	case reqSequence, reqDescribe:
		return sqlOrID(r.SQL, r.SQLID)
	case reqStoreSQL:
		if r.SQL == nil || r.SQLID == nil {
			return protoErrorf("PROTO_INVALID", `a "store_sql" request needs "sql" and "sql_id"`)
		}
		return nil
	case reqCloseSQL:
		if r.SQLID == nil {
			return protoErrorf("PROTO_INVALID", `a "close_sql" request needs "sql_id"`)
		}
		return nil
	case reqGetAutocommit:
		if version < 3 {
			return protoErrorf("PROTO_INVALID", `"get_autocommit" requests need Hrana 3 (/v3/pipeline)`)
		}
		return nil
	case "":
		return protoErrorf("PROTO_INVALID", `the request "type" is missing`)
	default:
		return protoErrorf("PROTO_INVALID", "unknown request type %q", r.Type)
	}
}

func (s *stmt) validate() *protocolError {
	if err := sqlOrID(s.SQL, s.SQLID); err != nil {
		return err
	}
	for i, a := range s.NamedArgs {
		if a.Name == "" {
			return protoErrorf("PROTO_INVALID", "named argument %d has no name", i)
		}
	}
	return nil
}

func sqlOrID(sql *string, id *int32) *protocolError {
	switch {
	case sql != nil && id != nil:
		return protoErrorf("SQL_ID_AND_SQL_GIVEN", `give either "sql" or "sql_id", not both`)
	case sql == nil && id == nil:
		return protoErrorf("SQL_ID_OR_SQL_NOT_GIVEN", `give "sql" or "sql_id"`)
	}
	return nil
}

// validate checks a condition of batch step index: ok and error may only
// refer to earlier steps.
func (c *batchCond) validate(index, version int) *protocolError {
	switch c.Type {
	case condOk, condError:
		if c.Step == nil {
			return protoErrorf("BATCH_COND_INVALID", "an %q condition needs \"step\"", c.Type)
		}
		if *c.Step < 0 || *c.Step >= int64(index) {
			return protoErrorf("BATCH_COND_INVALID", "condition refers to step %d, which does not precede step %d", *c.Step, index)
		}
	case condNot:
		if c.Cond == nil {
			return protoErrorf("BATCH_COND_INVALID", `a "not" condition needs "cond"`)
		}
		return c.Cond.validate(index, version)
	case condAnd, condOr:
		if c.Conds == nil {
			return protoErrorf("BATCH_COND_INVALID", "an %q condition needs \"conds\"", c.Type)
		}
		for i := range c.Conds {
			if err := c.Conds[i].validate(index, version); err != nil {
				return err
			}
		}
	case condIsAutocommit:
		if version < 3 {
			return protoErrorf("BATCH_COND_INVALID", `"is_autocommit" conditions need Hrana 3 (/v3/pipeline)`)
		}
	default:
		return protoErrorf("BATCH_COND_INVALID", "unknown condition type %q", c.Type)
	}
	return nil
}

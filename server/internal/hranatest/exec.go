//go:build !js

package hranatest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// maxStoredSQL bounds the SQL texts one stream may store with store_sql.
const maxStoredSQL = 1000

// executor runs the requests of one pipeline on a stream. Its methods return
// errors of three kinds:
//   - *respError (or *sqliteError, which becomes one): the request failed,
//     which is reported in the results and the pipeline goes on;
//   - *protocolError: the pipeline is refused with HTTP 400;
//   - anything else (the request's context ended, an internal failure):
//     the pipeline is abandoned.
type executor struct {
	ctx          context.Context
	st           *stream
	budget       int64 // bytes of rows the response may still carry
	queryTimeout time.Duration
}

// asRespError returns err as the error to report for a request, or nil if
// err must abort the pipeline instead.
func asRespError(err error) *respError {
	var re *respError
	if errors.As(err, &re) {
		return re
	}
	var se *sqliteError
	if errors.As(err, &se) {
		return se.hranaError()
	}
	return nil
}

// run executes reqs in order.
func (e *executor) run(reqs []streamRequest) ([]streamResult, error) {
	results := make([]streamResult, 0, len(reqs))
	for i := range reqs {
		if err := e.ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := e.handle(&reqs[i])
		if err != nil {
			re := asRespError(err)
			if re == nil {
				var pe *protocolError
				if errors.As(err, &pe) {
					return nil, protoErrorf(pe.Code, "request %d: %s", i, pe.Message)
				}
				return nil, err
			}
			results = append(results, streamResult{Type: "error", Error: re})
			continue
		}
		results = append(results, streamResult{Type: "ok", Response: resp})
	}
	return results, nil
}

func (e *executor) handle(req *streamRequest) (*streamResponse, error) {
	if e.st.closing && req.Type != reqClose {
		return nil, &respError{Code: "STREAM_CLOSED", Message: "the stream has been closed by an earlier request"}
	}
	switch req.Type {
	case reqClose:
		e.st.closing = true
		return &streamResponse{Type: reqClose}, nil
	case reqExecute:
		res, err := e.execute(req.Stmt)
		if err != nil {
			return nil, err
		}
		return &streamResponse{Type: reqExecute, Result: res}, nil
	case reqBatch:
		res, err := e.batch(req.Batch)
		if err != nil {
			return nil, err
		}
		return &streamResponse{Type: reqBatch, Result: res}, nil
	case reqSequence:
		sql, err := e.resolveSQL(req.SQL, req.SQLID)
		if err != nil {
			return nil, err
		}
		if err := e.sequence(sql); err != nil {
			return nil, err
		}
		return &streamResponse{Type: reqSequence}, nil
	case reqDescribe:
		sql, err := e.resolveSQL(req.SQL, req.SQLID)
		if err != nil {
			return nil, err
		}
		res, err := e.describe(sql)
		if err != nil {
			return nil, err
		}
		return &streamResponse{Type: reqDescribe, Result: res}, nil
	case reqStoreSQL:
		if _, ok := e.st.sqls[*req.SQLID]; ok {
			return nil, protoErrorf("SQL_ID_EXISTS", "SQL text with id %d is already stored", *req.SQLID)
		}
		if len(e.st.sqls) >= maxStoredSQL {
			return nil, &respError{Code: "SQL_STORE_TOO_MANY", Message: fmt.Sprintf("a stream may store at most %d SQL texts", maxStoredSQL)}
		}
		e.st.sqls[*req.SQLID] = *req.SQL
		return &streamResponse{Type: reqStoreSQL}, nil
	case reqCloseSQL:
		delete(e.st.sqls, *req.SQLID)
		return &streamResponse{Type: reqCloseSQL}, nil
	case reqGetAutocommit:
		auto := e.st.conn.autocommit()
		return &streamResponse{Type: reqGetAutocommit, IsAutocommit: &auto}, nil
	}
	// validate has refused every other type.
	return nil, fmt.Errorf("unexpected request type %q", req.Type)
}

func (e *executor) resolveSQL(sql *string, id *int32) (string, error) {
	if sql != nil {
		return *sql, nil
	}
	text, ok := e.st.sqls[*id]
	if !ok {
		return "", protoErrorf("SQL_NOT_FOUND", "no SQL text is stored with id %d", *id)
	}
	return text, nil
}

func (e *executor) execute(s *stmt) (*stmtResult, error) {
	sql, err := e.resolveSQL(s.SQL, s.SQLID)
	if err != nil {
		return nil, err
	}
	st, err := e.prepareOne(sql)
	if err != nil {
		return nil, err
	}
	defer st.finalize()
	if err := bindArgs(st, s); err != nil {
		return nil, err
	}
	return e.runStmt(st, s.wantRows())
}

// prepareOne prepares sql, which must hold exactly one statement.
func (e *executor) prepareOne(sql string) (sqliteStmt, error) {
	if strings.IndexByte(sql, 0) >= 0 {
		return sqliteStmt{}, &respError{Code: "SQL_PARSE_ERROR", Message: "the SQL text contains a NUL byte"}
	}
	text, err := e.st.conn.newSQLText(sql)
	if err != nil {
		return sqliteStmt{}, err
	}
	defer text.free()
	st, err := text.next()
	if err != nil {
		return sqliteStmt{}, err
	}
	if !st.valid() {
		return sqliteStmt{}, &respError{Code: "SQL_NO_STATEMENT", Message: "the SQL text does not contain any statement"}
	}
	// Whatever follows must be empty. Preparing it has no effect, and if it
	// fails to prepare it is not empty either.
	if rest, err := text.next(); err != nil || rest.valid() {
		rest.finalize()
		st.finalize()
		return sqliteStmt{}, &respError{Code: "SQL_MANY_STATEMENTS", Message: "the SQL text contains more than one statement"}
	}
	return st, nil
}

// bindArgs binds the arguments of s to st. Positional arguments go to
// parameters 1, 2, ... in order, whatever their form (?, ?NNN, :name, ...).
// A named argument goes to the parameter of that name; a name given without
// prefix matches :name, @name or $name, in that order of preference.
// Parameters left without an argument are NULL, as SQLite leaves them.
func bindArgs(st sqliteStmt, s *stmt) error {
	n := st.paramCount()
	if len(s.Args) > n {
		return &respError{Code: "ARGS_INVALID", Message: fmt.Sprintf("%d positional arguments given, but the statement has %d parameters", len(s.Args), n)}
	}
	for i, v := range s.Args {
		if err := st.bind(i+1, v); err != nil {
			return err
		}
	}
	for _, a := range s.NamedArgs {
		idx, err := namedParamIndex(st, a.Name)
		if err != nil {
			return err
		}
		if idx == 0 {
			return &respError{Code: "ARGS_INVALID", Message: fmt.Sprintf("the statement has no parameter named %q", a.Name)}
		}
		if err := st.bind(idx, a.Value); err != nil {
			return err
		}
	}
	return nil
}

func namedParamIndex(st sqliteStmt, name string) (int, error) {
	switch name[0] {
	case ':', '@', '$', '?':
		return st.paramIndex(name)
	}
	for _, prefix := range []string{":", "@", "$"} {
		if idx, err := st.paramIndex(prefix + name); err != nil || idx != 0 {
			return idx, err
		}
	}
	return 0, nil
}

// runStmt steps st to its end, collecting its rows if wantRows.
func (e *executor) runStmt(st sqliteStmt, wantRows bool) (*stmtResult, error) {
	c := e.st.conn
	res := &stmtResult{Cols: st.columns(), Rows: [][]value{}}
	before := c.totalChanges()
	err := e.stepping(func() error {
		for {
			row, err := st.step()
			if err != nil || !row {
				return err
			}
			if !wantRows {
				continue
			}
			vals := make([]value, len(res.Cols))
			for i := range vals {
				if vals[i], err = st.column(i); err != nil {
					return err
				}
				e.budget -= vals[i].approxSize()
			}
			if e.budget < 0 {
				return &respError{Code: "RESPONSE_TOO_LARGE", Message: "the rows do not fit in the server's response size limit"}
			}
			res.Rows = append(res.Rows, vals)
		}
	})
	if err != nil {
		return nil, err
	}
	// changes() keeps the count of the last INSERT, UPDATE or DELETE, so a
	// statement that changed nothing (a SELECT, DDL, BEGIN) reports 0.
	if c.totalChanges() != before {
		res.AffectedRowCount = c.changes()
	}
	rowid := strconv.FormatInt(c.lastInsertRowid(), 10)
	res.LastInsertRowid = &rowid
	return res, nil
}

// stepping runs f, which steps a statement of the stream's connection, so
// that it can be interrupted: by the end of the request's context (see
// conn.cancel) or by the query timeout.
func (e *executor) stepping(f func() error) error {
	c := e.st.conn
	token, ok := c.beginRun()
	if !ok {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		return errServerClosed
	}
	defer c.endRun()
	if e.queryTimeout <= 0 {
		return f()
	}
	var timedOut atomic.Bool
	timer := time.AfterFunc(e.queryTimeout, func() {
		timedOut.Store(true)
		c.interruptRun(token)
	})
	err := f()
	timer.Stop()
	var se *sqliteError
	if timedOut.Load() && errors.As(err, &se) && se.code&0xff == interruptCode {
		re := se.hranaError()
		re.Message += fmt.Sprintf(" (the statement ran longer than the server's query timeout of %v)", e.queryTimeout)
		return re
	}
	return err
}

func (e *executor) batch(b *batch) (*batchResult, error) {
	res := &batchResult{
		StepResults: make([]*stmtResult, len(b.Steps)),
		StepErrors:  make([]*respError, len(b.Steps)),
	}
	for i := range b.Steps {
		step := &b.Steps[i]
		if step.Condition != nil && !e.holds(step.Condition, res) {
			continue
		}
		r, err := e.execute(step.Stmt)
		if err != nil {
			re := asRespError(err)
			if re == nil {
				return nil, err
			}
			res.StepErrors[i] = re
			continue
		}
		res.StepResults[i] = r
	}
	return res, nil
}

// holds evaluates a batch condition (validated already) on the steps run so far.
func (e *executor) holds(c *batchCond, res *batchResult) bool {
	switch c.Type {
	case condOk:
		return res.StepResults[*c.Step] != nil
	case condError:
		return res.StepErrors[*c.Step] != nil
	case condNot:
		return !e.holds(c.Cond, res)
	case condAnd:
		for i := range c.Conds {
			if !e.holds(&c.Conds[i], res) {
				return false
			}
		}
		return true
	case condOr:
		for i := range c.Conds {
			if e.holds(&c.Conds[i], res) {
				return true
			}
		}
		return false
	case condIsAutocommit:
		return e.st.conn.autocommit()
	}
	return false
}

// sequence runs every statement of sql in turn, without arguments, and
// stops at the first error.
func (e *executor) sequence(sql string) error {
	if strings.IndexByte(sql, 0) >= 0 {
		return &respError{Code: "SQL_PARSE_ERROR", Message: "the SQL text contains a NUL byte"}
	}
	text, err := e.st.conn.newSQLText(sql)
	if err != nil {
		return err
	}
	defer text.free()
	for {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		st, err := text.next()
		if err != nil || !st.valid() {
			return err
		}
		err = e.stepping(func() error {
			for {
				if row, err := st.step(); err != nil || !row {
					return err
				}
			}
		})
		st.finalize()
		if err != nil {
			return err
		}
	}
}

func (e *executor) describe(sql string) (*describeResult, error) {
	st, err := e.prepareOne(sql)
	if err != nil {
		return nil, err
	}
	defer st.finalize()
	res := &describeResult{
		Params:     make([]describeParam, st.paramCount()),
		Cols:       st.columns(),
		IsExplain:  st.isExplain(),
		IsReadonly: st.readonly(),
	}
	for i := range res.Params {
		if name, ok := st.paramName(i + 1); ok {
			res.Params[i].Name = &name
		}
	}
	return res, nil
}

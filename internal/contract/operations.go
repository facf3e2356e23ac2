package contract

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// Operations are the three sets of the contract's operations that must
// agree, as CheckOperations compares them with a document.
type Operations struct {
	// Table is the SDK's operation table, apispec.Operations().
	Table []apispec.Operation
	// Calls are the calls the SDK's methods made in a run over its whole
	// surface, as a zchat.Observer saw them (CallInfo.Operation and
	// Pattern come from each method's Request).
	Calls []zchat.CallInfo
	// Served are the operationIds zchattest serves, Server.Operations().
	Served []string
}

// CheckOperations compares the operations of doc (each method and path of
// its paths, with its operationId) with ops, and returns an error naming
// every operation on which they differ: one the document has and the table
// lacks, or the other way round, or with another method or path template;
// an SDK call that named no operation, or one not in the table or not in
// the document, or one whose method or template is not the table's; an
// operation no SDK method called; and an operation zchattest does not serve, or serves though the
// document lacks it. It returns nil when all agree.
func CheckOperations(doc *openapi3.T, ops Operations) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	documented := map[string]apispec.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[op.OperationID] = apispec.Operation{ID: op.OperationID, Method: method, Pattern: path}
		}
	}

	table := map[string]apispec.Operation{}
	for _, op := range ops.Table {
		if _, dup := table[op.ID]; dup {
			add("%s: twice in the SDK's table", op.ID)
		}
		table[op.ID] = op
		switch doc, ok := documented[op.ID]; {
		case !ok:
			add("%s: in the SDK's table (internal/apispec) but not in docs/openapi.yaml", op)
		case doc != op:
			add("%s: the SDK's table says %s %s, docs/openapi.yaml says %s %s", op.ID, op.Method, op.Pattern, doc.Method, doc.Pattern)
		}
	}
	for id, op := range documented {
		if _, ok := table[id]; !ok {
			add("%s: in docs/openapi.yaml but not in the SDK's table (internal/apispec)", op)
		}
	}

	called := map[string]bool{}
	for _, c := range ops.Calls {
		op, ok := table[c.Operation]
		switch {
		case c.Operation == "":
			add("an SDK method named no operation: %s %s", c.Method, c.Pattern)
		case !ok:
			add("%s: an SDK method named it, but it is not in the SDK's table", c.Operation)
		case op.Method != c.Method || op.Pattern != c.Pattern:
			add("%s: an SDK method sent %s %s, the table says %s %s", c.Operation, c.Method, c.Pattern, op.Method, op.Pattern)
		}
		if _, ok := documented[c.Operation]; c.Operation != "" && !ok {
			add("%s: an SDK method calls it, but docs/openapi.yaml does not have it", c.Operation)
		}
		called[c.Operation] = true
	}
	for id := range documented {
		if !called[id] {
			add("%s: in docs/openapi.yaml but no SDK method called it", id)
		}
	}

	for id := range documented {
		if !slices.Contains(ops.Served, id) {
			add("%s: in docs/openapi.yaml but zchattest does not serve it", id)
		}
	}
	for _, id := range ops.Served {
		if _, ok := documented[id]; !ok {
			add("%s: zchattest serves it but docs/openapi.yaml does not have it", id)
		}
	}

	if len(problems) == 0 {
		return nil
	}
	slices.Sort(problems)
	return errors.New("contract: the operations disagree:\n\t" + strings.Join(slices.Compact(problems), "\n\t"))
}

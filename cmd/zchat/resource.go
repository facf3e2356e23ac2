package main

import (
	"context"
	"flag"
	"iter"
	"strings"

	"github.com/zchat/zchat-go/zchat"
)

// The constructors of the subcommands that resource commands share: each
// takes the SDK call it wraps and how to print what it answers.

// listCommand lists a small resource the server answers in one piece
// (agents, departments).
func listCommand[C, T any](summary, example string, newClient func(*zchat.Client) C,
	list func(C, context.Context) ([]T, error), cols []column[T]) *command {
	return &command{
		name:    "list",
		summary: summary,
		example: example,
		run: func(ctx context.Context, a *app, _ []int) error {
			items, err := list(newClient(a.c), ctx)
			if err != nil {
				return err
			}
			return printAll(a, items, cols)
		},
	}
}

// getCommand shows the one object a call with an id answers: get, and
// sessions close.
func getCommand[C, T any](name, arg, summary, example string, newClient func(*zchat.Client) C,
	get func(C, context.Context, int) (*T, error), fields func(*T) []field) *command {
	return &command{
		name:    name,
		args:    []string{arg},
		summary: summary,
		example: example,
		run: func(ctx context.Context, a *app, ids []int) error {
			return shower(a, fields)(get(newClient(a.c), ctx, ids[0]))
		},
	}
}

// article is "an" before a vowel, else "a".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// deleteCommand is "zchat <noun>s delete ID".
func deleteCommand[C any](noun, arg string, newClient func(*zchat.Client) C, del func(C, context.Context, int) error) *command {
	return &command{
		name:    "delete",
		args:    []string{arg},
		summary: "Delete " + article(noun) + " " + noun + ".",
		example: "zchat " + noun + "s delete 4",
		run: func(ctx context.Context, a *app, ids []int) error {
			return a.done(del(newClient(a.c), ctx, ids[0]), "Deleted %s %d.", noun, ids[0])
		},
	}
}

// lister is what a paged list's filter flags give: the call that lists with
// them (and --page-size), or the error of options the SDK refuses, before
// anything is fetched or printed.
type lister[T any] func(ctx context.Context, a *app, ids []int, pageSize int) (iter.Seq2[T, error], error)

// pagedList is the setup of a list that follows every page as it goes:
// filters defines the command's own flags on fs and returns its lister;
// --page-size and --limit are added here.
func pagedList[T any](noun string, cols []column[T], filters func(fs *flag.FlagSet) lister[T]) func(*flag.FlagSet) action {
	return func(fs *flag.FlagSet) action {
		list := filters(fs)
		var lf listFlags
		lf.register(fs)
		return func(ctx context.Context, a *app, ids []int) error {
			seq, err := list(ctx, a, ids, lf.pageSize)
			if err != nil {
				return err
			}
			return stream(a, noun, seq, cols, lf)
		}
	}
}

// changer is what an update's flags give: apply, which changes the fields
// whose flags were given (set) on the object fetched, or the error of a
// change that changes nothing, before anything is fetched.
type changer[T any] func(a *app, set map[string]bool) (apply func(*T), err error)

// updateSetup is the setup of "update ID": it fetches the object, changes
// the fields whose flags were given, and sends it back whole. flags defines
// the flags on fs and returns the changer.
func updateSetup[C, T any](newClient func(*zchat.Client) C, get func(C, context.Context, int) (*T, error),
	update func(C, context.Context, int, T) (*T, error), fields func(*T) []field,
	flags func(fs *flag.FlagSet) changer[T]) func(*flag.FlagSet) action {
	return func(fs *flag.FlagSet) action {
		change := flags(fs)
		return func(ctx context.Context, a *app, ids []int) error {
			apply, err := change(a, setFlags(fs))
			if err != nil {
				return err
			}
			c := newClient(a.c)
			cur, err := get(c, ctx, ids[0])
			if err != nil {
				return err
			}
			apply(cur)
			return shower(a, fields)(update(c, ctx, ids[0], *cur))
		}
	}
}

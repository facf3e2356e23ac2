// Package doccheck keeps the project's prose honest: its tests check that
// every test docs/*.md names as proof of a guarantee exists, and that the
// README shows the commands a newcomer needs. It has no code of its own.
package doccheck

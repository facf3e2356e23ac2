// Package zchat is the core of zchat-go.
package zchat

package cases

import (
	"runtime"
	"runtime/debug"
	"strconv"
)

// Property keys AddRuntime sets in DebugInfo.Properties.
const (
	PropGoVersion      = "go.Version"      // runtime.Version(), e.g. "go1.26.0"
	PropGoOS           = "go.GOOS"         // runtime.GOOS
	PropGoArch         = "go.GOARCH"       // runtime.GOARCH
	PropGoNumGoroutine = "go.NumGoroutine" // runtime.NumGoroutine()
	PropGoNumCPU       = "go.NumCPU"       // runtime.NumCPU()
	PropGoMainPath     = "go.MainPath"     // the main module's path, from the build info
	PropGoMainVersion  = "go.MainVersion"  // the main module's version, from the build info
	PropGoVCSRevision  = "go.VCSRevision"  // the build's vcs.revision setting, when stamped
	PropGoVCSTime      = "go.VCSTime"      // the build's vcs.time setting, when stamped
	PropGoVCSModified  = "go.VCSModified"  // the build's vcs.modified setting, when stamped
)

// BuildInfoFileName is the name of the text attachment AddRuntime adds: the
// program's build information (main module, dependencies with versions,
// build settings) in the format of "go version -m".
const BuildInfoFileName = "go-buildinfo.txt"

// AddRuntime describes the running Go program, for a Go service reporting
// its own errors. It sets the properties PropGoVersion, PropGoOS,
// PropGoArch, PropGoNumGoroutine and PropGoNumCPU; from the build info
// (runtime/debug.ReadBuildInfo), when there is one, PropGoMainPath,
// PropGoMainVersion and the PropGoVCS* settings, AppVersion when it is empty
// and the main module has a version, and an attachment BuildInfoFileName
// listing every dependency; and, when StackTrace is empty, the stacks of
// all goroutines, cut to fit MaxStackTraceLen. It fails, leaving d
// unchanged, when the properties or the attachment do not fit.
//
// What AddRuntime records changes from run to run (goroutine count, stacks)
// and with the build, so a DebugInfo built with it is not the same twice:
// do not use it for a submission you may repeat under the same
// idempotency key (SubmitCaseForEmail with the same key), or the repeat is
// refused with zchat.ErrIdempotencyMismatch. The same holds for AddLog,
// which stamps the current time: use AddLogAt with a time from the input.
func (d *DebugInfo) AddRuntime() error {
	props := map[string]string{
		PropGoVersion:      runtime.Version(),
		PropGoOS:           runtime.GOOS,
		PropGoArch:         runtime.GOARCH,
		PropGoNumGoroutine: strconv.Itoa(runtime.NumGoroutine()),
		PropGoNumCPU:       strconv.Itoa(runtime.NumCPU()),
	}
	bi, ok := debug.ReadBuildInfo()
	var info []byte
	if ok {
		setIf(props, PropGoMainPath, bi.Main.Path)
		setIf(props, PropGoMainVersion, bi.Main.Version)
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				props[PropGoVCSRevision] = s.Value
			case "vcs.time":
				props[PropGoVCSTime] = s.Value
			case "vcs.modified":
				props[PropGoVCSModified] = s.Value
			}
		}
		info = []byte(bi.String())
		if err := d.canAttach(BuildInfoFileName); err != nil {
			return err
		}
		if left := d.attachmentBudget(); len(info) > left {
			return overBudget(BuildInfoFileName, left)
		}
	}
	if err := d.setProperties(props); err != nil {
		return err
	}
	if ok {
		d.attach(BuildInfoFileName, ContentTypeText, info)
		if d.AppVersion == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			d.AppVersion = bi.Main.Version
		}
	}
	if d.StackTrace == "" {
		d.StackTrace = allStacks()
	}
	return nil
}

// allStacks returns the stacks of all goroutines, cut to fit
// MaxStackTraceLen. Stacks are ASCII but for names, so a buffer of that
// many bytes (one more, to see a cut) holds what fits.
func allStacks() string {
	buf := make([]byte, MaxStackTraceLen+1)
	n := runtime.Stack(buf, true)
	return fitText(string(buf[:n]), MaxStackTraceLen)
}

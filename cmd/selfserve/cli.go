package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"selfserve/shared/client"
)

// Exit codes (docs/spec.md §12).
const (
	exitOK      = 0
	exitRefused = 1 // the API answered 4xx
	exitUsage   = 2 // the command line is wrong
	exitFailed  = 3 // the API is unreachable or failed (5xx)
)

// stdio is where a run reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// cli is one run of the command: its settings, resolved from flags, the
// environment and the profile, and where it writes.
type cli struct {
	stdio
	// Global flags.
	api, token, tenant, output, profile string
	// configPath is the profiles file.
	configPath string
	// apiGiven: the API's URL came from a flag, the environment or the
	// profile, not the default.
	apiGiven bool
	// env reads the environment (os.Getenv; tests pass their own).
	env func(string) string
	// terminal: stdout is a terminal (tables); errTerminal: stderr is
	// (progress bars).
	terminal, errTerminal bool
	// clientOptions are added to the API client's (tests: no retry waits).
	clientOptions []client.Option
}

// usageError is a mistake on the command line (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// run runs the command line args and returns the exit code.
func run(ctx context.Context, args []string, io stdio) int {
	c := &cli{stdio: io, env: os.Getenv}
	c.terminal, c.errTerminal = isTerminal(io.out), isTerminal(io.err)
	root := c.rootCommand()
	root.SetArgs(args)
	root.SetIn(io.in)
	root.SetOut(io.out)
	root.SetErr(io.err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code, msg := describe(err)
	fmt.Fprintf(io.err, "selfserve: %s\n", strings.Join(strings.Fields(msg), " ")) // one line, whatever the server said
	return code
}

// isTerminal says whether f (stdin, stdout or stderr) is a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// describe maps err to its exit code and its one-line message.
func describe(err error) (int, string) {
	var u usageError
	var n networkError
	if errors.As(err, &u) {
		return exitUsage, u.msg
	}
	if p, ok := client.AsProblem(err); ok {
		msg := p.Error()
		if p.Status == 401 {
			msg += " (the token is missing, invalid or expired: run selfserve login)"
		}
		if p.Status >= 500 {
			return exitFailed, msg
		}
		return exitRefused, msg
	}
	if errors.Is(err, context.Canceled) {
		return exitFailed, "interrupted; the same command run again continues where it stopped"
	}
	if client.IsNetwork(err) || errors.As(err, &n) {
		return exitFailed, err.Error()
	}
	// Cobra's own errors (unknown commands and flags, wrong arguments), on
	// one line.
	return exitUsage, strings.Join(strings.Fields(err.Error()), " ")
}

func (c *cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "selfserve",
		Short: "Manage self-service purchases, trials, subscriptions and their policies",
		Long: `selfserve manages a selfserve deployment from the shell.

Settings come from flags, else the environment (SELFSERVE_API, SELFSERVE_TOKEN,
SELFSERVE_TENANT, SELFSERVE_PROFILE), else the profile saved by "selfserve login".`,
		Example: `  selfserve login --local --tenant contoso --user alice --roles GlobalAdmin
  selfserve policy list
  selfserve policy set --product-name 'Power Automate' --value Disabled --yes`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return c.resolve(cmd) },
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%v (see '%s --help')", err, cmd.CommandPath())
	})
	f := root.PersistentFlags()
	f.StringVar(&c.api, "api", "", "the API's base URL (env SELFSERVE_API, default http://127.0.0.1:3000)")
	f.StringVar(&c.token, "token", "", "a bearer token (env SELFSERVE_TOKEN)")
	f.StringVar(&c.tenant, "tenant", "", "the tenant to act in (env SELFSERVE_TENANT)")
	f.StringVarP(&c.output, "output", "o", "", "table, json or csv (default table on a terminal, json otherwise)")
	f.StringVar(&c.profile, "profile", "", "the saved profile to use (env SELFSERVE_PROFILE, default \"default\")")
	_ = root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "json", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	for _, cmd := range c.commands() {
		root.AddCommand(cmd)
	}
	return root
}

// resolve fills the settings left unset by flags from the environment,
// then the profile, then the defaults.
func (c *cli) resolve(cmd *cobra.Command) error {
	if c.configPath == "" {
		c.configPath = configPath(c.env)
	}
	c.profile = first(c.profile, c.env("SELFSERVE_PROFILE"), "default")
	cfg, err := loadConfig(c.configPath)
	if err != nil {
		return err
	}
	p, saved := cfg.Profiles[c.profile]
	if !saved && c.profile != "default" && cmd.Name() != "login" {
		return usagef("no profile %q: sign in with selfserve login --profile %s", c.profile, c.profile)
	}
	c.apiGiven = first(c.api, c.env("SELFSERVE_API"), p.API) != ""
	c.api = strings.TrimRight(first(c.api, c.env("SELFSERVE_API"), p.API, "http://127.0.0.1:3000"), "/")
	c.token = first(c.token, c.env("SELFSERVE_TOKEN"), p.Token)
	c.tenant = first(c.tenant, c.env("SELFSERVE_TENANT"), p.Tenant)
	switch c.output {
	case "":
		c.output = "json"
		if c.terminal {
			c.output = "table"
		}
	case "table", "json", "csv":
	default:
		return usagef("--output must be table, json or csv, not %q", c.output)
	}
	return nil
}

// first returns the first non-empty value.
func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// needTenant returns the tenant to act in, or a usage error.
func (c *cli) needTenant() (string, error) {
	if c.tenant == "" {
		return "", usagef("no tenant: pass --tenant, set SELFSERVE_TENANT or run selfserve login")
	}
	return c.tenant, nil
}

// client is the API client of this run.
func (c *cli) client() (*client.Client, error) {
	opts := append([]client.Option{client.WithToken(c.token), client.WithUserAgent("selfserve-cli")}, c.clientOptions...)
	cl, err := client.New(c.api, opts...)
	if err != nil {
		return nil, usagef("--api: %v", err)
	}
	return cl, nil
}

// call runs do with the API client and the tenant to act in.
func (c *cli) call(do func(cl *client.Client, tenant string) error) error {
	tenant, err := c.needTenant()
	if err != nil {
		return err
	}
	cl, err := c.client()
	if err != nil {
		return err
	}
	return do(cl, tenant)
}

// noArgs refuses arguments to a command that takes only flags.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, only flags: %q (see '%s --help')", cmd.Name(), args[0], cmd.CommandPath())
	}
	return nil
}

// exactArgs accepts exactly the named arguments, telling which is missing.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return usagef("missing %s (see '%s --help')", names[len(args)], cmd.CommandPath())
		case len(args) > len(names):
			return usagef("too many arguments: %s takes %s (see '%s --help')", cmd.Name(), strings.Join(names, " "), cmd.CommandPath())
		}
		return nil
	}
}

// group adds subs to cmd, a command of subcommands, and makes it refuse an
// unknown subcommand as a usage error (exit 2) rather than print its help.
func group(cmd *cobra.Command, subs ...*cobra.Command) *cobra.Command {
	cmd.Args = cobra.NoArgs // cobra's "unknown command" for a group
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	cmd.AddCommand(subs...)
	return cmd
}

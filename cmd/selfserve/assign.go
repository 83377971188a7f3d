package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"selfserve/shared/client"
	"selfserve/shared/domain"
)

// maxBatch is the most users one bulk request carries (the API's limit).
const maxBatch = 10000

func (c *cli) licensesAssign() *cobra.Command {
	var usersFile string
	var batch int
	cmd := &cobra.Command{
		Use:   "assign SUBSCRIPTION_ID --users-file FILE",
		Short: "License every user of a CSV file (any number, in batches, resumable)",
		Long: `License every user of a CSV file with the columns id, name and email (a header row
names them; "userId" and "displayName" are read as id and name, so the CSV of "licenses
export" can be assigned again). Users who
hold a license already are left as they are.

Users go in batches (--batch-size, at most 10,000) of one resumable request each, with a
progress bar on a terminal. Interrupted — Ctrl-C, a lost connection, a crash — the same
command run again continues where it stopped: finished batches are not sent again, and the
batch in flight is sent with the same Idempotency-Key, so nobody is assigned twice.`,
		Example: `  selfserve licenses assign sub_01… --users-file users.csv
  selfserve licenses export sub_01… | selfserve licenses assign sub_02… --users-file -`,
		Args: exactArgs("SUBSCRIPTION_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if usersFile == "" {
				return usagef("missing --users-file (see 'selfserve licenses assign --help')")
			}
			if batch < 1 || batch > maxBatch {
				return usagef("--batch-size must be 1 to %d", maxBatch)
			}
			raw, err := c.readInput(usersFile)
			if err != nil {
				return err
			}
			users, err := readUsers(raw)
			if err != nil {
				return err
			}
			return c.call(func(cl *client.Client, tenant string) error {
				return c.assignInBatches(cmd, cl, tenant, args[0], raw, users, batch)
			})
		},
	}
	cmd.Flags().StringVar(&usersFile, "users-file", "", "a CSV file of users (id,name,email), - for stdin")
	cmd.Flags().IntVar(&batch, "batch-size", 1000, "users per request, 1 to 10,000")
	return cmd
}

// assignState is what a run of assign has done, kept so that a rerun of
// the same command continues: its run id (part of every batch's key) and
// the answer of every finished batch.
type assignState struct {
	Run     string                               `json:"run"`
	Batches map[int]client.BulkLicenseAssignment `json:"batches"`
}

// assignInBatches sends users in batches of size, each with a key derived
// from the request (same file, subscription, tenant and API) and the run,
// skipping the batches an interrupted run finished. The run is saved before
// the first batch goes, so a rerun after any interruption sends the same
// keys; a finished run is forgotten, so the same command later assigns
// again (users who hold a license are left as they are).
func (c *cli) assignInBatches(cmd *cobra.Command, cl *client.Client, tenant, subID string, raw []byte, users []client.LicenseUser, size int) error {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d\x00%s", c.api, tenant, subID, size, raw))
	id := hex.EncodeToString(sum[:12])
	statePath := filepath.Join(stateDir(), "assign-"+id+".json")
	state := loadAssignState(statePath)
	if state.Run == "" {
		state.Run = randomRun()
		if err := saveAssignState(statePath, state); err != nil {
			return err
		}
	}
	bar := &progress{label: "Assigning licenses", total: len(users)}
	if c.errTerminal {
		bar.w = c.err
	}
	var last client.BulkLicenseAssignment
	done := 0
	for i, start := 0, 0; start < len(users); i, start = i+1, start+size {
		part := users[start:min(start+size, len(users))]
		res, finished := state.Batches[i]
		if !finished {
			r, err := cl.AssignLicensesBulk(cmd.Context(), tenant, subID, client.AssignLicensesBulkRequest{Users: part},
				client.IdempotencyKey(fmt.Sprintf("assign-%s-%s-%d", id, state.Run, i)))
			if err != nil {
				bar.stop()
				return err
			}
			res = *r
			state.Batches[i] = res
			if err := saveAssignState(statePath, state); err != nil {
				return err
			}
		}
		last.Subscription = res.Subscription
		last.Requested += res.Requested
		last.Assigned += res.Assigned
		last.Unchanged += res.Unchanged
		done += len(part)
		bar.set(done)
	}
	_ = os.Remove(statePath) // finished: a new run starts afresh
	t := table{columns: []string{"SubscriptionId", "Requested", "Assigned", "Unchanged", "AssignedLicenses", "Quantity"}}
	t.add(subID, last.Requested, last.Assigned, last.Unchanged, last.Subscription.AssignedLicenses, last.Subscription.Quantity)
	return c.print(last, t)
}

// stateDir is where runs keep their progress: the user's cache directory.
func stateDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "selfserve")
}

// randomRun names a run of assign.
func randomRun() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func loadAssignState(path string) assignState {
	s := assignState{Batches: map[int]client.BulkLicenseAssignment{}}
	if b, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(b, &s) // unreadable: start over, the keys make it safe
	}
	if s.Batches == nil {
		s.Batches = map[int]client.BulkLicenseAssignment{}
	}
	return s
}

func saveAssignState(path string, s assignState) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// readInput reads a file, or stdin for "-".
func (c *cli) readInput(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(c.in)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("no file %s", path)
	}
	if err != nil {
		return nil, usagef("%v", err)
	}
	return b, nil
}

// readUsers parses a users CSV: a header naming id (or userId), name and
// email, then one user a row; every row is checked before anything is
// sent.
func readUsers(raw []byte) ([]client.LicenseUser, error) {
	r := csv.NewReader(strings.NewReader(string(raw)))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, usagef("the users file is not CSV: %v", err)
	}
	if len(rows) == 0 {
		return nil, usagef("the users file is empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch name { // as a licenses export names them
		case "userid":
			name = "id"
		case "displayname":
			name = "name"
		}
		if _, twice := col[name]; twice && (name == "id" || name == "name" || name == "email") {
			return nil, usagef("the users file's header names the column %s twice", name)
		}
		col[name] = i
	}
	for _, need := range []string{"id", "name", "email"} {
		if _, ok := col[need]; !ok {
			return nil, usagef("the users file's header must name the columns id, name and email")
		}
	}
	seen := map[string]int{}
	users := make([]client.LicenseUser, 0, len(rows)-1)
	for n, row := range rows[1:] {
		line := n + 2
		get := func(name string) string {
			if i := col[name]; i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		u := client.LicenseUser{ID: get("id"), Name: get("name"), Email: get("email")}
		if u.ID == "" || u.Name == "" || u.Email == "" {
			return nil, usagef("line %d of the users file lacks an id, a name or an email", line)
		}
		if first, ok := seen[u.ID]; ok {
			return nil, usagef("user %s is on lines %d and %d of the users file", u.ID, first, line)
		}
		seen[u.ID] = line
		users = append(users, u)
	}
	if len(users) == 0 {
		return nil, usagef("the users file has no users")
	}
	// The API's own rules, so a bad row stops the run before any batch.
	check := make([]domain.LicenseUser, len(users))
	for i, u := range users {
		check[i] = domain.LicenseUser(u)
	}
	if err := domain.CheckLicenseUsers(check, len(users)); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			err = errors.New(de.Detail)
		}
		return nil, usagef("the users file: %v", err)
	}
	return users, nil
}

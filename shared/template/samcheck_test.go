package template

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// samCheck runs infra/sam-check.py (AWS's SAM translator, aws-sam-translator,
// on the machine's Python, offline) on the template at path.
func samCheck(t *testing.T, path string, stacks ...string) (string, error) {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is missing: the SAM translation check needs Python 3 with aws-sam-translator (pip install cfn-lint brings it)")
	}
	out, err := exec.Command(py, append([]string{filepath.Join(root, "infra", "sam-check.py"), path}, stacks...)...).CombinedOutput()
	return string(out), err
}

// TestSAMTranslation translates template.yaml as CloudFormation's SAM
// transform does, for each stack of samconfig.toml and for the longest
// stack name the schedule names allow, and checks the result: every
// AWS::Scheduler::Schedule is named after its stack (unique within it and
// across the stacks), every function logs to a log group with a retention,
// schedules and the stream have dead letters, every queue an alarm. It
// prints the number of resources of each translation.
func TestSAMTranslation(t *testing.T) {
	p, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	out, err := samCheck(t, p)
	t.Logf("infra/sam-check.py:\n%s", out)
	if err != nil {
		t.Fatalf("infra/sam-check.py template.yaml: %v", err)
	}
	for _, stack := range []string{"selfserve-dev (", "selfserve-prod ("} {
		if !strings.Contains(out, stack) {
			t.Errorf("stack %s…) of samconfig.toml was not checked", stack)
		}
	}
}

// TestSAMTranslationCatchesSharedScheduleNames: without the stack name in
// their Name, SAM names schedules after their events' logical ids, the same
// in every stack, and the check fails.
func TestSAMTranslationCatchesSharedScheduleNames(t *testing.T) {
	p, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), `Name: !Sub "${AWS::StackName}-`) {
			kept = append(kept, line)
		}
	}
	bad := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(bad, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := samCheck(t, bad, "selfserve-dev", "selfserve-prod")
	if err == nil {
		t.Fatalf("the check passed schedules without names:\n%s", out)
	}
	for _, want := range []string{"FAIL selfserve-dev: schedule RenewalsSweepEvery Name 'RenewalsSweepEvery' does not contain the stack name",
		"FAIL schedule name 'RenewalsSweepEvery' is used by stack selfserve-dev (RenewalsSweepEvery) and selfserve-prod (RenewalsSweepEvery)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

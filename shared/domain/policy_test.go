package domain

import (
	"errors"
	"testing"
	"time"
)

func TestPolicyValueLabelAndValid(t *testing.T) {
	tests := []struct {
		v         PolicyValue
		wantLabel string
		wantValid bool
	}{
		{PolicyEnabled, "Allow", true},
		{PolicyTrialsOnly, "Allow for trials only", true},
		{PolicyDisabled, "Do not allow", true},
		{"", "", false},
		{"enabled", "", false},
		{"Allow", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.v), func(t *testing.T) {
			if got, want := tt.v.Label(), tt.wantLabel; got != want {
				t.Errorf("Label() = %q, want %q", got, want)
			}
			if got, want := tt.v.Valid(), tt.wantValid; got != want {
				t.Errorf("Valid() = %v, want %v", got, want)
			}
		})
	}
}

func codeOf(t *testing.T, err error) Code {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *Error", err)
	}
	return e.Code
}

func TestEffectivePolicy(t *testing.T) {
	eligible := Product{ProductID: "CFQ7TTC0L3PB", Name: "Power BI Pro", SelfServiceEligible: true, DefaultPolicyValue: PolicyEnabled}
	trialsByDefault := Product{ProductID: "P2", Name: "Two", SelfServiceEligible: true, DefaultPolicyValue: PolicyTrialsOnly}
	notEligible := Product{ProductID: "CFQ7TTC0LFLX", Name: "Microsoft 365 E3"}
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name     string
		p        Product
		settings map[string]PolicySetting
		want     ProductPolicy
		wantCode Code // empty for no error
	}{
		{"default, nil settings", eligible, nil,
			ProductPolicy{PolicyID, "CFQ7TTC0L3PB", "Power BI Pro", PolicyEnabled, true}, ""},
		{"default, other product set", eligible, map[string]PolicySetting{"P2": {Value: PolicyDisabled, UpdatedAt: at}},
			ProductPolicy{PolicyID, "CFQ7TTC0L3PB", "Power BI Pro", PolicyEnabled, true}, ""},
		{"non-Enabled default", trialsByDefault, nil,
			ProductPolicy{PolicyID, "P2", "Two", PolicyTrialsOnly, true}, ""},
		{"explicit Disabled", eligible, map[string]PolicySetting{"CFQ7TTC0L3PB": {Value: PolicyDisabled, UpdatedAt: at, UpdatedBy: "u1"}},
			ProductPolicy{PolicyID, "CFQ7TTC0L3PB", "Power BI Pro", PolicyDisabled, false}, ""},
		{"explicit value equal to the default", eligible, map[string]PolicySetting{"CFQ7TTC0L3PB": {Value: PolicyEnabled}},
			ProductPolicy{PolicyID, "CFQ7TTC0L3PB", "Power BI Pro", PolicyEnabled, false}, ""},
		{"invalid stored value falls back to the default", eligible, map[string]PolicySetting{"CFQ7TTC0L3PB": {Value: "bogus"}},
			ProductPolicy{PolicyID, "CFQ7TTC0L3PB", "Power BI Pro", PolicyEnabled, true}, ""},
		{"not eligible", notEligible, nil, ProductPolicy{}, CodePolicyNotApplicable},
		{"not eligible even with a setting", notEligible, map[string]PolicySetting{"CFQ7TTC0LFLX": {Value: PolicyEnabled}},
			ProductPolicy{}, CodePolicyNotApplicable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EffectivePolicy(tt.p, tt.settings)
			if tt.wantCode != "" {
				if err == nil {
					t.Fatalf("EffectivePolicy error = nil, want %s", tt.wantCode)
				}
				if got, want := codeOf(t, err), tt.wantCode; got != want {
					t.Errorf("EffectivePolicy error code = %q, want %q", got, want)
				}
			} else if err != nil {
				t.Fatalf("EffectivePolicy error = %v, want nil", err)
			}
			if want := tt.want; got != want {
				t.Errorf("EffectivePolicy = %+v, want %+v", got, want)
			}
		})
	}
}

func TestCheckPolicyID(t *testing.T) {
	tests := []struct {
		id       string
		wantCode Code
	}{
		{"AllowSelfServicePurchase", ""},
		{"allowselfservicepurchase", CodePolicyNotFound},
		{"", CodePolicyNotFound},
		{"AllowSelfServicePurchase ", CodePolicyNotFound},
		{"OtherPolicy", CodePolicyNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			err := CheckPolicyID(tt.id)
			if tt.wantCode == "" {
				if err != nil {
					t.Errorf("CheckPolicyID(%q) = %v, want nil", tt.id, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckPolicyID(%q) = nil, want %s", tt.id, tt.wantCode)
			}
			if got, want := codeOf(t, err), tt.wantCode; got != want {
				t.Errorf("CheckPolicyID(%q) code = %q, want %q", tt.id, got, want)
			}
		})
	}
}

func TestPolicyUpdateValue(t *testing.T) {
	pv := func(v PolicyValue) *PolicyValue { return &v }
	b := func(v bool) *bool { return &v }
	tests := []struct {
		name     string
		u        PolicyUpdate
		want     PolicyValue
		wantCode Code
	}{
		{"policyValue Enabled", PolicyUpdate{PolicyValue: pv(PolicyEnabled)}, PolicyEnabled, ""},
		{"policyValue trials only", PolicyUpdate{PolicyValue: pv(PolicyTrialsOnly)}, PolicyTrialsOnly, ""},
		{"policyValue Disabled", PolicyUpdate{PolicyValue: pv(PolicyDisabled)}, PolicyDisabled, ""},
		{"legacy enabled true", PolicyUpdate{Enabled: b(true)}, PolicyEnabled, ""},
		{"legacy enabled false", PolicyUpdate{Enabled: b(false)}, PolicyDisabled, ""},
		{"both given", PolicyUpdate{PolicyValue: pv(PolicyEnabled), Enabled: b(true)}, "", CodeInvalidRequest},
		{"neither given", PolicyUpdate{}, "", CodeInvalidRequest},
		{"invalid value", PolicyUpdate{PolicyValue: pv("Allow")}, "", CodeInvalidRequest},
		{"empty value", PolicyUpdate{PolicyValue: pv("")}, "", CodeInvalidRequest},
		{"wrong case", PolicyUpdate{PolicyValue: pv("enabled")}, "", CodeInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.u.Value()
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Value() error = %v, want nil", err)
				}
			} else {
				if err == nil {
					t.Fatalf("Value() error = nil, want %s", tt.wantCode)
				}
				if got, want := codeOf(t, err), tt.wantCode; got != want {
					t.Errorf("Value() error code = %q, want %q", got, want)
				}
			}
			if want := tt.want; got != want {
				t.Errorf("Value() = %q, want %q", got, want)
			}
		})
	}
}

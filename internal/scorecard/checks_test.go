package scorecard

import (
	"slices"
	"testing"
)

func TestCheckNames(t *testing.T) {
	t.Parallel()
	names := CheckNames()
	want := []string{
		"Binary-Artifacts", "Branch-Protection", "CI-Tests", "CII-Best-Practices", "Code-Review", "Contributors",
		"Dangerous-Workflow", "Dependency-Update-Tool", "Fuzzing", "License", "Maintained", "Packaging",
		"Pinned-Dependencies", "SAST", "SBOM", "Security-Policy", "Signed-Releases", "Token-Permissions",
		"Vulnerabilities", "Webhooks",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("CheckNames() = %v, want %v", names, want)
	}
	names[0] = "mutated"
	if CheckNames()[0] != "Binary-Artifacts" {
		t.Error("CheckNames returned shared storage")
	}
}

func TestCanonicalCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Maintained", "Maintained", true},
		{"maintained", "Maintained", true},
		{" DANGEROUS-WORKFLOW ", "Dangerous-Workflow", true},
		{"cii-best-practices", "CII-Best-Practices", true},
		{"sast", "SAST", true},
		{"Dangerous_Workflow", "", false},
		{"", "", false},
		{"Maintainedd", "", false},
	}
	for _, tc := range tests {
		got, ok := CanonicalCheck(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("CanonicalCheck(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCheckRisk(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Dangerous-Workflow": RiskCritical, "Webhooks": RiskCritical, "Maintained": RiskHigh,
		"Code-Review": RiskHigh, "Fuzzing": RiskMedium, "License": RiskLow, "CI-Tests": RiskLow,
	}
	for name, risk := range tests {
		info, ok := Check(name)
		if !ok || info.Risk != risk || info.URL == "" || info.Short == "" {
			t.Errorf("Check(%q) = %+v, %v; want risk %s with docs", name, info, ok, risk)
		}
	}
}

package fakegithub

import (
	"net/http"
	"strconv"
)

// reply is a response to send: status, JSON body and an optional Link header.
type reply struct {
	status int
	body   any
	link   string
}

// apply performs a validated request on the server's state.
func (s *Server) apply(op string, params map[string]string, r *http.Request, body map[string]any) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch op {
	case OpCreateCheckRun:
		s.nextID++
		run := &CheckRun{ID: s.nextID, Name: str(body, "name"), HeadSHA: str(body, "head_sha"), ExternalID: str(body, "external_id"), Status: "queued"}
		s.runs = append(s.runs, run)
		run.update(body)
		return reply{http.StatusCreated, s.runJSON(run), ""}
	case OpUpdateCheckRun:
		id, _ := strconv.ParseInt(params["check_run_id"], 10, 64)
		run := s.run(id)
		if run == nil {
			return reply{http.StatusNotFound, map[string]any{"message": "Not Found"}, ""}
		}
		run.update(body)
		return reply{http.StatusOK, s.runJSON(run), ""}
	case OpListCheckRuns:
		return reply{http.StatusOK, s.listRuns(params["ref"], r.URL.Query().Get("check_name")), ""}
	case OpCreateComment:
		s.nextID++
		c := &Comment{ID: s.nextID, Issue: issueNumber(params), Body: str(body, "body"), UserLogin: "github-actions[bot]", UserType: "Bot"}
		s.cmts = append(s.cmts, c)
		return reply{http.StatusCreated, s.commentJSON(c), ""}
	case OpUpdateComment:
		id, _ := strconv.ParseInt(params["comment_id"], 10, 64)
		for _, c := range s.cmts {
			if c.ID == id {
				c.Body = str(body, "body")
				return reply{http.StatusOK, s.commentJSON(c), ""}
			}
		}
		return reply{http.StatusNotFound, map[string]any{"message": "Not Found"}, ""}
	case OpListComments:
		return s.listComments(r, issueNumber(params))
	}
	return reply{http.StatusNotFound, map[string]any{"message": "Not Found"}, ""}
}

func (s *Server) run(id int64) *CheckRun {
	for _, r := range s.runs {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// update applies a create or update body: status and conclusion replace, annotations append.
func (run *CheckRun) update(body map[string]any) {
	if v := str(body, "name"); v != "" {
		run.Name = v
	}
	if v := str(body, "status"); v != "" {
		run.Status = v
	}
	if v := str(body, "conclusion"); v != "" {
		run.Conclusion, run.Status = v, "completed"
	}
	out, _ := body["output"].(map[string]any)
	if out == nil {
		return
	}
	run.Title, run.Summary = str(out, "title"), str(out, "summary")
	anns, _ := out["annotations"].([]any)
	for _, a := range anns {
		if m, ok := a.(map[string]any); ok {
			run.Annotations = append(run.Annotations, m)
		}
	}
}

func (s *Server) runJSON(run *CheckRun) map[string]any {
	m := map[string]any{
		"id": run.ID, "name": run.Name, "head_sha": run.HeadSHA, "status": run.Status,
		"html_url": s.htmlURL("runs", run.ID), "external_id": run.ExternalID,
	}
	if run.Conclusion != "" {
		m["conclusion"] = run.Conclusion
	}
	return m
}

func (s *Server) listRuns(ref, name string) map[string]any {
	runs := []any{}
	for _, r := range s.runs {
		if r.HeadSHA == ref && (name == "" || r.Name == name) {
			runs = append(runs, s.runJSON(r))
		}
	}
	return map[string]any{"total_count": len(runs), "check_runs": runs}
}

func (s *Server) commentJSON(c *Comment) map[string]any {
	return map[string]any{
		"id": c.ID, "body": c.Body, "html_url": s.htmlURL("comments", c.ID),
		"user": map[string]any{"login": c.UserLogin, "type": c.UserType},
	}
}

// listComments serves one page and sets a Link header when more follow.
func (s *Server) listComments(r *http.Request, issue int) reply {
	var all []*Comment
	for _, c := range s.cmts {
		if c.Issue == issue {
			all = append(all, c)
		}
	}
	page, per := pageParams(r)
	start := (page - 1) * per
	out := []any{}
	for i := start; i < len(all) && i < start+per; i++ {
		out = append(out, s.commentJSON(all[i]))
	}
	rep := reply{status: http.StatusOK, body: out}
	if start+per < len(all) {
		rep.link = nextLink(r, s.URL, page, per)
	}
	return rep
}

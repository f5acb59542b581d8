//! Benchmark data: the simulator's deterministic generator, turned into the console's model
//! the way the client would (guide shape: name, email, username, title, company).

use proofhub_tui::model::account::{
    Account, GroupId, Person, PersonFields, PersonId, Project, ProjectId, Role, RoleId, RoleRef,
};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::data::AccountData;

pub fn account(people: usize, projects: usize, seed: u64) -> Account {
    let data = AccountData::generate(people, projects, seed);
    let mut a = Account::new(Some(Profile::V3));
    a.roles = data
        .roles
        .iter()
        .map(|r| Role {
            id: RoleId(r.id),
            name: r.name.clone(),
            default: r.default,
        })
        .collect();
    a.people = data
        .people
        .iter()
        .map(|p| {
            Person::from(PersonFields {
                id: PersonId(p.id),
                name: Some(format!("{} {}", p.first_name, p.last_name)),
                first_name: Some(p.first_name.clone()),
                last_name: Some(p.last_name.clone()),
                email: p.email.clone(),
                username: p.username.clone(),
                title: p.title.clone(),
                company: p.company.clone(),
                phone: None,
                role: RoleRef::Id(RoleId(p.role)),
                suspended: p.suspended,
                status: None,
                last_active: p.last_active.clone(),
                created_at: Some(p.created_at.clone()),
                updated_at: Some(p.updated_at.clone()),
                groups: Vec::<GroupId>::new(),
            })
        })
        .collect();
    a.projects = data
        .projects
        .iter()
        .map(|p| Project {
            id: ProjectId(p.id),
            title: p.title.clone(),
            description: None,
            archived: p.archived,
            manager: p.manager.map(PersonId),
            created_at: None,
            modified_at: None,
        })
        .collect();
    for p in &data.projects {
        a.set_members(
            ProjectId(p.id),
            p.assigned.iter().map(|id| (PersonId(*id), None)),
        );
    }
    a
}

/// p50 and p99 of a set of durations, in milliseconds.
pub fn percentiles(mut samples: Vec<std::time::Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99))
}

/// Queries an admin types: a misspelt name, a name and a company, an email fragment.
#[allow(dead_code, reason = "the render bench types no queries")]
pub fn queries(first: &str, last: &str) -> Vec<String> {
    let misspelt: String = first.chars().filter(|c| !"aeiou".contains(*c)).collect();
    vec![
        format!(
            "{} {}",
            misspelt.to_lowercase(),
            last.to_lowercase().chars().take(3).collect::<String>()
        ),
        format!("{} acme", first.to_lowercase()),
        "gmail".to_string(),
    ]
}

/// A number from the environment (`SCALE_N`, `SNAP_RUNS`, ...), else `default`.
#[allow(dead_code, reason = "the filter and render benches read no settings")]
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

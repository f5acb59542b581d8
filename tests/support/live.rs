//! The simulator on a scaled rate window (25 per 200 ms), a client for it and a whole load:
//! what the in-process tests against real HTTP share.
#![allow(dead_code)]

use std::time::Duration;

use proofhub_tui::api::{CancelToken, Client, ClientConfig, Rate};
use proofhub_tui::model::account::Account;
use proofhub_tui::model::profile::{Profile, ProfileChoice};
use proofhub_tui::model::token::Token;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{RateLimit, Sim, SimOptions};
use tokio::sync::{mpsc, watch};

pub const WINDOW: Duration = Duration::from_millis(200);

pub async fn start(profile: Profile, data: AccountData) -> Sim {
    Sim::start(SimOptions {
        rate: RateLimit {
            requests: 25,
            window: WINDOW,
        },
        ..SimOptions::new(profile, data)
    })
    .await
    .expect("simulator starts")
}

pub fn client(sim: &Sim) -> Client {
    let mut cfg = ClientConfig::new(sim.base_url(), Token::new(sim.token()).expect("token"));
    cfg.profile = ProfileChoice::Auto;
    cfg.rate = Rate {
        requests: 25,
        window: WINDOW,
    };
    cfg.timeout = Duration::from_secs(5);
    Client::new(cfg).expect("client")
}

pub async fn load(client: &Client) -> Account {
    let (_order_tx, order) = watch::channel(Vec::new());
    let (tx, mut rx) = mpsc::channel(1024);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let account = client
        .load_account(order, tx, CancelToken::new())
        .await
        .expect("account loads");
    let _ = drain.await;
    account
}

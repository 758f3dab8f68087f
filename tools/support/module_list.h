// The one list of the modules a node runs, in installation order (a module may use the
// ones above it). reeld installs these and their op rows (gateway/ops/); the in-process
// tools and the tests install these alone. Nothing registers itself from a static
// initialiser: what runs is what this list names.
//
// Adding a capability: its folders (domain/<area>/, actors/<area>/, gateway/ops/
// <area>_ops.cpp) and its line in each of the three places below.
#pragma once

#include <filesystem>

#include "actors/accounts/accounts_module.h"
#include "actors/admin/admin_module.h"
#include "actors/core/node.h"
#include "actors/core/scheduler_config.h"
#include "actors/feeds/feeds_module.h"
#include "actors/moderation/moderation_module.h"
#include "actors/notifications/notifications_module.h"
#include "actors/social/social_module.h"
#include "actors/videos/videos_module.h"

namespace reel::tools {

struct module_options {
  actors::accounts_options accounts;    // session token lifetime
  domain::feed_options feeds;           // the For You knobs (fresh share, first audience, ...)
  domain::moderation_rules moderation;  // thresholds, deadlines, leases (docs/moderation.md)
  std::filesystem::path backup_dir;     // where operators' online backups go; empty: none
};

struct modules {
  actors::accounts_module accounts;
  actors::social_module social;
  actors::videos_module videos;
  actors::notifications_module notifications;
  actors::feeds_module feeds;
  actors::moderation_module moderation;
  actors::admin_module admin;

  modules(actors::node& n, const module_options& o)
      : accounts(n, o.accounts),
        social(n, accounts),
        videos(n, accounts),
        notifications(n, accounts),
        feeds(n, accounts, o.feeds),
        moderation(n, accounts, videos, feeds, o.moderation),
        admin(n, accounts, o.backup_dir) {}

  template <class Visit>
  void each(Visit visit) {
    visit(accounts);
    visit(social);
    visit(videos);
    visit(notifications);
    visit(feeds);
    visit(moderation);
    visit(admin);
  }
};

// A node with every module installed and started, on a system built from
// actors::node_system_config (scheduler_config.h). Stops in order: the node (every actor)
// first, then the modules, whose flows the actors referenced.
class running_node {
 public:
  running_node(caf::actor_system& system, storage::event_store& store,
               actors::node_options node_options = {}, module_options options = {})
      : node_(system, store, std::move(node_options)), modules_(node_, options) {
    node_.start();
  }
  ~running_node() { node_.stop(); }
  running_node(const running_node&) = delete;
  running_node& operator=(const running_node&) = delete;

  actors::node& node() { return node_; }
  tools::modules& modules() { return modules_; }
  void stop() { node_.stop(); }

 private:
  actors::node node_;
  tools::modules modules_;
};

}  // namespace reel::tools

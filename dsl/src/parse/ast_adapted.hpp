// Boost.Fusion adaptation of the AST, so that X3 can fill the structs (nothing else here).
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parse/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Identifier, name)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::BoolLit, word)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::IntLit, value)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::NumberLit, value)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::TextLit, value)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::DurationLit, amount, unit)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::NameRef, name)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::ChainLink, op, operand)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::FieldAccess, name)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::CallArgs, args)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Postfix, base, ops)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::TypeRef, name)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::ModuleDecl, name)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::EnumDecl, name, members)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::FieldDecl, name, type, default_value)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::RecordDecl, name, fields)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Param, name, type)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::RuleDecl, label, condition, result)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::DecisionDecl, name, params, result, hit, rules, otherwise)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Setting, key, value)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Assignee, kind, target)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::NodeDecl, kind, name, label, by, within, outcomes)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::EndDecl, keyword, names)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::Guard, kind, condition, event)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::FlowChain, nodes, guard)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::FlowDecl, keyword, chains)
BOOST_FUSION_ADAPT_STRUCT(docket::dsl::ast::WorkflowDecl, name, params, items)

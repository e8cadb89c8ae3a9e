// Lowering compiled plans to LLVM IR and compiling them with ORC LLJIT: the only file that includes LLVM.
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include "eval/jit/jit_code.hpp"
#include "eval/jit/jit_module.hpp"

namespace docket::detail {

class JitEngine {
 public:
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

namespace {

// Thresholds compared inline up to this many points; more go through Domain::atom.
constexpr std::size_t kInlinePoints = 16;

void init_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

[[noreturn]] void fail(const std::string& what, llvm::Error e) {
  throw std::runtime_error("the JIT could not " + what + ": " + llvm::toString(std::move(e)));
}

template <class T>
T checked(llvm::Expected<T> e, const char* what) {
  if (!e) fail(what, e.takeError());
  return std::move(*e);
}

// Called from the code: the atom of a slot value that is not compared inline (texts, long lists of
// thresholds), from a single call's slot or a batch's word or text column.
std::uint64_t atom_of_scalar(const Domain* d, const Scalar* s, std::uint32_t kind) {
  return d->atom(*s, static_cast<SlotKind>(kind));
}
std::uint64_t atom_of_word(const Domain* d, std::uint64_t word, std::uint32_t kind) {
  return d->atom(scalar_of_word(word), static_cast<SlotKind>(kind));
}
std::uint64_t atom_of_text(const Domain* d, const std::string_view* column, std::uint64_t row) {
  Scalar s;
  s.p = column[row].data();
  s.n = column[row].size();
  return d->atom(s, SlotKind::text);
}

bool is_word_kind(SlotKind k) {
  return k == SlotKind::boolean || k == SlotKind::integer || k == SlotKind::number || k == SlotKind::enumeration ||
         k == SlotKind::time;
}

// Where a lowered answer's output column comes from.
struct Source {
  enum Kind : std::uint8_t { constant, from_call, left_over } kind = left_over;
  std::uint64_t word = 0;  // constant words; a duration's amount
  std::uint8_t unit = 0;   // a constant duration's unit
  std::int32_t call = -1;  // index in Plan::batch_calls
};

class Lowerer {
 public:
  explicit Lowerer(llvm::LLVMContext& c, llvm::Module& m)
      : c_(c), m_(m), b_(c), i8_(b_.getInt8Ty()), i32_(b_.getInt32Ty()), i64_(b_.getInt64Ty()),
        f64_(b_.getDoubleTy()), i8p_(b_.getInt8PtrTy()) {}

  // void mask(const Scalar* slots, uint64_t* mask): Plan::mask_of.
  void mask_function(const Plan& plan, const std::string& name) {
    clamp_direct_ = false;  // a single call's slots are all present
    llvm::Function* f = function(name, {i8p_, i8p_});
    b_.SetInsertPoint(llvm::BasicBlock::Create(c_, "entry", f));
    llvm::Value* slots = f->getArg(0);
    llvm::Value* out = f->getArg(1);
    auto read = [&](std::uint32_t slot, SlotKind kind, const MaskColumn& mc) -> llvm::Value* {
      llvm::Value* at = b_.CreateConstInBoundsGEP1_64(i8_, slots, slot * sizeof(Scalar));
      if (mc.domain.mode() == Domain::Mode::text || many_points(mc.domain)) {
        return call_helper(reinterpret_cast<std::uint64_t>(&atom_of_scalar), {i8p_, i8p_, i32_},
                           {pointer(&mc.domain), at, b_.getInt32(static_cast<std::uint32_t>(kind))});
      }
      return atom_from_word(mc, kind, scalar_word(at, kind));
    };
    std::vector<llvm::Value*> m = masks(plan, read);
    for (std::size_t w = 0; w < m.size(); ++w) store(m[w], out, w * 8);
    b_.CreateRetVoid();
  }

  // Whether `plan` gets a whole-decision batch kernel.
  static bool kernel_fits(const Plan& plan) {
    if (plan.over_budget || !plan.residual_free || plan.computed_columns || !plan.single_row_policy()) return false;
    for (const Slot& s : plan.slots) {
      if (!is_word_kind(s.kind) && s.kind != SlotKind::text) return false;
    }
    return true;
  }

  // void kernel(const KernelArgs*): the batch path's fast rows (answer_from_mask), row by row.
  void kernel_function(const Plan& plan, const std::string& name) {
    const ir::Decision& d = *plan.decision;
    const std::size_t columns = plan.outputs.size();
    const std::size_t answers = plan.answers.size();  // answer id `answers` is a rule list's otherwise
    // Flat: no branch in the loop (every row computed, a left-over row's outputs overwritten by the
    // compiled path), so LLVM's loop vectoriser can run several rows at once. Only when nothing calls
    // out of the code (texts, long threshold lists): a missing text's view may dangle.
    const bool flat = flat_fits(plan);
    clamp_direct_ = flat;  // a missing input's word may be anything: keep its atom inside the mask table
    llvm::Function* f = function(name, {i8p_}, i64_);  // returns how many rows it left over
    llvm::BasicBlock* entry = llvm::BasicBlock::Create(c_, "entry", f);
    llvm::BasicBlock* loop = llvm::BasicBlock::Create(c_, "row", f);
    llvm::BasicBlock* body = flat ? nullptr : llvm::BasicBlock::Create(c_, "present", f);
    llvm::BasicBlock* write = flat ? nullptr : llvm::BasicBlock::Create(c_, "write", f);
    llvm::BasicBlock* left = flat ? nullptr : llvm::BasicBlock::Create(c_, "left_over", f);
    llvm::BasicBlock* latch = llvm::BasicBlock::Create(c_, "next", f);
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(c_, "exit", f);

    b_.SetInsertPoint(entry);
    llvm::Value* args = f->getArg(0);
    auto field = [&](std::size_t offset) { return load(i8p_, args, offset); };
    llvm::Value* in_columns = field(offsetof(KernelArgs, in_columns));
    llvm::Value* in_present = field(offsetof(KernelArgs, in_present));
    llvm::Value* out_words = field(offsetof(KernelArgs, out_words));
    llvm::Value* out_durations = field(offsetof(KernelArgs, out_durations));
    llvm::Value* rules = field(offsetof(KernelArgs, rules));
    llvm::Value* error_of = field(offsetof(KernelArgs, error_of));
    llvm::Value* begin = load(i64_, args, offsetof(KernelArgs, begin));
    llvm::Value* end = load(i64_, args, offsetof(KernelArgs, end));
    std::vector<llvm::Value*> column(plan.slots.size());
    std::vector<llvm::Value*> present(plan.slots.size());
    for (std::size_t j = 0; j < plan.slots.size(); ++j) {
      column[j] = load(i8p_, in_columns, j * sizeof(void*));
      present[j] = load(i8p_, in_present, j * sizeof(void*));
    }
    std::vector<llvm::Value*> words_out(columns);
    std::vector<llvm::Value*> durations_out(columns);
    for (std::size_t k = 0; k < columns; ++k) {
      if (is_word_kind(plan.output_kinds[k])) words_out[k] = load(i8p_, out_words, k * sizeof(void*));
      if (plan.output_kinds[k] == SlotKind::duration) durations_out[k] = load(i8p_, out_durations, k * sizeof(void*));
    }
    b_.CreateCondBr(b_.CreateICmpULT(begin, end), loop, exit);

    b_.SetInsertPoint(loop);
    llvm::PHINode* r = b_.CreatePHI(i64_, 2, "r");
    r->addIncoming(begin, entry);
    llvm::PHINode* count = b_.CreatePHI(i64_, 2, "left_count");
    count->addIncoming(b_.getInt64(0), entry);
    llvm::Value* error_at = b_.CreateInBoundsGEP(i32_, b_.CreateBitCast(error_of, i32p()), r);
    // Every input present (the compiled path hands the others to the interpreter).
    llvm::Value* all_present = b_.getTrue();
    for (std::size_t j = 0; j < plan.slots.size(); ++j) {
      llvm::Value* p = b_.CreateLoad(i8_, b_.CreateInBoundsGEP(i8_, present[j], r));
      all_present = b_.CreateAnd(all_present, b_.CreateICmpEQ(p, b_.getInt8(kPresent)));
    }
    if (!flat) {
      b_.CreateCondBr(all_present, body, left);
      b_.SetInsertPoint(body);
    }
    auto read = [&](std::uint32_t slot, SlotKind kind, const MaskColumn& mc) -> llvm::Value* {
      if (kind == SlotKind::text) {
        return call_helper(reinterpret_cast<std::uint64_t>(&atom_of_text), {i8p_, i8p_, i64_},
                           {pointer(&mc.domain), column[slot], r});
      }
      llvm::Value* word = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, b_.CreateBitCast(column[slot], i64p()), r));
      if (many_points(mc.domain)) {
        return call_helper(reinterpret_cast<std::uint64_t>(&atom_of_word), {i8p_, i64_, i32_},
                           {pointer(&mc.domain), word, b_.getInt32(static_cast<std::uint32_t>(kind))});
      }
      return atom_from_word(mc, kind, word);
    };
    auto [valid, answer] = choose(plan, masks(plan, read));

    // Per answer and output column: a constant, a call's answer, or left over.
    std::vector<std::vector<Source>> sources(answers + 1, std::vector<Source>(columns));
    std::vector<std::uint8_t> left_over(answers + 1, 0);
    std::vector<std::int64_t> rule_of(answers + 1, -1);
    std::vector<std::uint8_t> uses_call(plan.batch_calls.size(), 0);
    for (std::size_t a = 0; a <= answers; ++a) {
      if (a == answers && (d.is_table || !d.otherwise)) {
        // No otherwise: `valid` is false whenever no row matched, so this id is never read; a copy of
        // answer 0 keeps tables whose entries are all the same constant.
        if (answers > 0) {
          sources[a] = sources[0];
          left_over[a] = left_over[0];
          rule_of[a] = rule_of[0];
        }
        continue;
      }
      const Answer& ans = a < answers ? plan.answers[a] : plan.otherwise;
      if (a < answers) rule_of[a] = static_cast<std::int64_t>(a);
      for (std::size_t k = 0; k < columns; ++k) {
        Source& s = sources[a][k];
        const SlotKind kind = plan.output_kinds[k];
        if (k < ans.column_known.size() && ans.column_known[k] && k < ans.scalars.size()) {
          s.kind = Source::constant;
          s.word = word_of(ans.scalars[k]);
          s.unit = static_cast<std::uint8_t>(ans.scalars[k].n);
        } else if (d.is_table && k < ans.column_call.size() && ans.column_call[k] >= 0 && is_word_kind(kind) &&
                   call_fits(plan.batch_calls[static_cast<std::size_t>(ans.column_call[k])])) {
          s.kind = Source::from_call;
          s.call = ans.column_call[k];
          uses_call[static_cast<std::size_t>(s.call)] = 1;
        } else {
          left_over[a] = 1;
        }
      }
    }
    llvm::Value* safe = b_.CreateSelect(valid, answer, b_.getInt64(0));
    llvm::Value* leave = b_.CreateOr(b_.CreateNot(valid), b_.CreateICmpNE(lookup(i8_, left_over, safe), b_.getInt8(0)));
    // The calls' answers (a decision called by an output, from its own masks over this row's slots).
    std::vector<llvm::Value*> call_word(plan.batch_calls.size());
    for (std::size_t c = 0; c < plan.batch_calls.size(); ++c) {
      if (!uses_call[c]) continue;
      const BatchCall& call = plan.batch_calls[c];
      const Plan& callee = *call.callee;
      auto callee_read = [&](std::uint32_t slot, SlotKind, const MaskColumn& mc) {
        return read(call.forward[slot], plan.slots[call.forward[slot]].kind, mc);
      };
      auto [ok, callee_answer] = choose(callee, masks(callee, callee_read));
      std::vector<std::uint64_t> words(callee.answers.size() + 1, 0);
      std::vector<std::uint8_t> fits(callee.answers.size() + 1, 0);
      for (std::size_t a = 0; a <= callee.answers.size(); ++a) {
        if (a == callee.answers.size() && (callee.decision->is_table || !callee.decision->otherwise)) continue;
        const Answer& ans = a < callee.answers.size() ? callee.answers[a] : callee.otherwise;
        if (ans.scalars.empty() || ans.column_known.empty() || !ans.column_known[0]) continue;
        words[a] = word_of(ans.scalars[0]);
        fits[a] = 1;
      }
      llvm::Value* callee_safe = b_.CreateSelect(ok, callee_answer, b_.getInt64(0));
      ok = b_.CreateAnd(ok, b_.CreateICmpNE(lookup(i8_, fits, callee_safe), b_.getInt8(0)));
      call_word[c] = lookup(i64_, words, callee_safe);
      std::vector<std::uint8_t> uses(answers + 1, 0);
      for (std::size_t a = 0; a <= answers; ++a) {
        for (const Source& s : sources[a]) uses[a] |= static_cast<std::uint8_t>(s.kind == Source::from_call && s.call == static_cast<std::int32_t>(c));
      }
      llvm::Value* needs = b_.CreateICmpNE(lookup(i8_, uses, safe), b_.getInt8(0));
      leave = b_.CreateOr(leave, b_.CreateAnd(needs, b_.CreateNot(ok)));
    }
    if (flat) {
      leave = b_.CreateOr(leave, b_.CreateNot(all_present));
    } else {
      b_.CreateCondBr(leave, left, write);
      b_.SetInsertPoint(write);
    }
    for (std::size_t k = 0; k < columns; ++k) {
      const SlotKind kind = plan.output_kinds[k];
      if (is_word_kind(kind)) {
        std::vector<std::uint64_t> words(answers + 1, 0);
        std::vector<std::int32_t> call_of(answers + 1, -1);
        for (std::size_t a = 0; a <= answers; ++a) {
          words[a] = sources[a][k].word;
          if (sources[a][k].kind == Source::from_call) call_of[a] = sources[a][k].call;
        }
        llvm::Value* v = lookup(i64_, words, safe);
        for (std::size_t c = 0; c < plan.batch_calls.size(); ++c) {
          if (std::find(call_of.begin(), call_of.end(), static_cast<std::int32_t>(c)) == call_of.end()) continue;
          std::vector<std::uint8_t> is_c(answers + 1, 0);
          for (std::size_t a = 0; a <= answers; ++a) is_c[a] = static_cast<std::uint8_t>(call_of[a] == static_cast<std::int32_t>(c));
          v = b_.CreateSelect(b_.CreateICmpNE(lookup(i8_, is_c, safe), b_.getInt8(0)), call_word[c], v);
        }
        b_.CreateStore(v, b_.CreateInBoundsGEP(i64_, b_.CreateBitCast(words_out[k], i64p()), r));
      } else if (kind == SlotKind::duration) {
        std::vector<std::uint64_t> amounts(answers + 1, 0);
        std::vector<std::uint8_t> units(answers + 1, 0);
        for (std::size_t a = 0; a <= answers; ++a) {
          amounts[a] = sources[a][k].word;
          units[a] = sources[a][k].unit;
        }
        llvm::Value* at = b_.CreateInBoundsGEP(i8_, durations_out[k], b_.CreateMul(r, b_.getInt64(sizeof(Duration))));
        store(lookup(i64_, amounts, safe), at, offsetof(Duration, amount));
        store(lookup(i8_, units, safe), at, offsetof(Duration, unit));
      }
      // Texts and values: written by run_jit_batch from the answer's scalars.
    }
    // The rule is the answer id, but for a rule list's otherwise (-1).
    std::vector<std::uint64_t> rule_words(rule_of.begin(), rule_of.end());
    llvm::Value* rule = d.is_table ? safe : lookup(i64_, rule_words, safe);
    b_.CreateStore(rule, b_.CreateInBoundsGEP(i64_, b_.CreateBitCast(rules, i64p()), r));
    b_.CreateStore(flat ? b_.CreateSelect(leave, b_.getInt32(kJitLeftOver), b_.getInt32(0)) : b_.getInt32(0), error_at);
    b_.CreateBr(latch);

    if (!flat) {
      b_.SetInsertPoint(left);
      b_.CreateStore(b_.getInt32(kJitLeftOver), error_at);
      b_.CreateBr(latch);
    }

    b_.SetInsertPoint(latch);
    llvm::Value* inc = nullptr;
    if (flat) {
      inc = b_.CreateZExt(leave, i64_);
    } else {
      llvm::PHINode* p = b_.CreatePHI(i64_, 2);
      p->addIncoming(b_.getInt64(0), write);
      p->addIncoming(b_.getInt64(1), left);
      inc = p;
    }
    llvm::Value* count_next = b_.CreateAdd(count, inc);
    count->addIncoming(count_next, latch);
    llvm::Value* next = b_.CreateAdd(r, b_.getInt64(1));
    r->addIncoming(next, latch);
    llvm::BranchInst* back = b_.CreateCondBr(b_.CreateICmpULT(next, end), loop, exit);
    if (flat) {
      // Ask the vectoriser to run rows side by side (its cost model still decides the width).
      llvm::MDNode* enable = llvm::MDNode::get(
          c_, {llvm::MDString::get(c_, "llvm.loop.vectorize.enable"), llvm::ConstantAsMetadata::get(b_.getTrue())});
      // Rows are independent (outputs never alias inputs or tables): the vectoriser needs no
      // run-time alias checks, which it could not build for the tables' look-ups.
      llvm::MDNode* group = llvm::MDNode::getDistinct(c_, {});
      for (llvm::Instruction& inst : *loop) {
        if (inst.mayReadOrWriteMemory()) inst.setMetadata(llvm::LLVMContext::MD_access_group, group);
      }
      llvm::MDNode* parallel =
          llvm::MDNode::get(c_, {llvm::MDString::get(c_, "llvm.loop.parallel_accesses"), group});
      llvm::MDNode* loop_id = llvm::MDNode::getDistinct(c_, {nullptr, enable, parallel});
      loop_id->replaceOperandWith(0, loop_id);
      back->setMetadata(llvm::LLVMContext::MD_loop, loop_id);
    }

    b_.SetInsertPoint(exit);
    llvm::PHINode* total = b_.CreatePHI(i64_, 2);
    total->addIncoming(b_.getInt64(0), entry);
    total->addIncoming(count_next, latch);
    b_.CreateRet(total);
  }

 private:
  using Reader = std::function<llvm::Value*(std::uint32_t slot, SlotKind kind, const MaskColumn& mc)>;

  // Whether a kernel can run without branches (see kernel_function): no text slot, no threshold list
  // long enough for Domain::atom, in the plan or the decisions its outputs call.
  static bool flat_fits(const Plan& plan) {
    for (const Slot& s : plan.slots) {
      if (!is_word_kind(s.kind)) return false;
    }
    auto inline_masks = [](const Plan& p) {
      return std::none_of(p.masks.begin(), p.masks.end(), [](const MaskColumn& mc) { return many_points(mc.domain); });
    };
    if (!inline_masks(plan)) return false;
    return std::all_of(plan.batch_calls.begin(), plan.batch_calls.end(),
                       [&](const BatchCall& c) { return inline_masks(*c.callee); });
  }

  static bool many_points(const Domain& d) {
    return (d.mode() == Domain::Mode::integer && d.ints().size() > kInlinePoints) ||
           (d.mode() == Domain::Mode::number && d.reals().size() > kInlinePoints);
  }

  // A call an output makes that the kernel answers: every callee slot forwarded to one of ours.
  static bool call_fits(const BatchCall& call) {
    const Plan& callee = *call.callee;
    if (callee.over_budget || !callee.residual_free || callee.computed_columns || !callee.single_row_policy()) return false;
    for (const MaskColumn& mc : callee.masks) {
      if (mc.slot >= call.forward.size()) return false;
    }
    return true;
  }

  llvm::Type* i64p() { return llvm::PointerType::getUnqual(i64_); }
  llvm::Type* i32p() { return llvm::PointerType::getUnqual(i32_); }

  llvm::Function* function(const std::string& name, std::vector<llvm::Type*> params, llvm::Type* result = nullptr) {
    auto* type = llvm::FunctionType::get(result != nullptr ? result : b_.getVoidTy(), params, false);
    llvm::Function* f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, m_);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    for (unsigned i = 0; i < params.size(); ++i) f->addParamAttr(i, llvm::Attribute::NoAlias);
    return f;
  }

  llvm::Value* pointer(const void* p) {
    return b_.CreateIntToPtr(b_.getInt64(reinterpret_cast<std::uint64_t>(p)), i8p_);
  }

  llvm::Value* call_helper(std::uint64_t address, std::vector<llvm::Type*> params, std::vector<llvm::Value*> args) {
    auto* type = llvm::FunctionType::get(i64_, params, false);
    llvm::Value* callee = b_.CreateIntToPtr(b_.getInt64(address), llvm::PointerType::getUnqual(type));
    llvm::CallInst* call = b_.CreateCall(type, callee, args);
    call->setDoesNotThrow();
    return call;
  }

  llvm::Value* load(llvm::Type* type, llvm::Value* base, std::size_t offset) {
    llvm::Value* at = b_.CreateConstInBoundsGEP1_64(i8_, base, offset);
    return b_.CreateLoad(type, b_.CreateBitCast(at, llvm::PointerType::getUnqual(type)));
  }
  void store(llvm::Value* v, llvm::Value* base, std::size_t offset) {
    llvm::Value* at = b_.CreateConstInBoundsGEP1_64(i8_, base, offset);
    b_.CreateStore(v, b_.CreateBitCast(at, llvm::PointerType::getUnqual(v->getType())));
  }

  // A single call's slot as the word a batch column holds (bool 0/1, enum index, int, time, number bits).
  llvm::Value* scalar_word(llvm::Value* at, SlotKind kind) {
    switch (kind) {
      case SlotKind::boolean: return b_.CreateZExt(load(i8_, at, 0), i64_);
      case SlotKind::enumeration: return b_.CreateZExt(load(i32_, at, 0), i64_);
      default: return load(i64_, at, 0);
    }
  }

  // Domain::atom on a word, the thresholds compared without branches (batch_masks.cpp's Points).
  llvm::Value* atom_from_word(const MaskColumn& mc, SlotKind kind, llvm::Value* word) {
    const Domain& d = mc.domain;
    switch (d.mode()) {
      case Domain::Mode::direct: {
        llvm::Value* a = b_.CreateAdd(b_.CreateShl(word, 1), b_.getInt64(1));
        if (!clamp_direct_) return a;
        llvm::Value* last = b_.getInt64(d.atom_count() - 1);
        return b_.CreateSelect(b_.CreateICmpULT(a, last), a, last);
      }
      case Domain::Mode::integer: {
        llvm::Value* a = b_.getInt64(0);
        for (std::int64_t p : d.ints()) {
          a = b_.CreateAdd(a, b_.CreateShl(b_.CreateZExt(b_.CreateICmpSLT(b_.getInt64(static_cast<std::uint64_t>(p)), word), i64_), 1));
          a = b_.CreateAdd(a, b_.CreateZExt(b_.CreateICmpEQ(b_.getInt64(static_cast<std::uint64_t>(p)), word), i64_));
        }
        return a;
      }
      case Domain::Mode::number: {
        llvm::Value* x = kind == SlotKind::integer ? b_.CreateSIToFP(word, f64_) : b_.CreateBitCast(word, f64_);
        llvm::Value* a = b_.getInt64(0);
        for (double p : d.reals()) {
          llvm::Value* pv = llvm::ConstantFP::get(f64_, p);
          a = b_.CreateAdd(a, b_.CreateShl(b_.CreateZExt(b_.CreateFCmpOLT(pv, x), i64_), 1));
          a = b_.CreateAdd(a, b_.CreateZExt(b_.CreateFCmpOEQ(pv, x), i64_));
        }
        return a;
      }
      case Domain::Mode::text: break;
    }
    throw std::logic_error("JIT: a text atom without a helper");
  }

  // The plan's candidate rows: all rows ANDed with each mask column's row set for its atom.
  std::vector<llvm::Value*> masks(const Plan& plan, const Reader& read) {
    std::vector<llvm::Value*> m(plan.words);
    for (std::size_t w = 0; w < plan.words; ++w) m[w] = b_.getInt64(plan.all_rows[w]);
    for (const MaskColumn& mc : plan.masks) {
      const SlotKind kind = plan.slots[mc.slot].kind;
      llvm::Value* atom = read(mc.slot, kind, mc);
      // The plan's own mask table, read in place (it lives as long as the plan, which outlives the code).
      llvm::Value* table = b_.CreateIntToPtr(b_.getInt64(reinterpret_cast<std::uint64_t>(mc.masks.data())), i64p());
      llvm::Value* first = b_.CreateMul(atom, b_.getInt64(plan.words));
      for (std::size_t w = 0; w < plan.words; ++w) {
        llvm::Value* at = b_.CreateInBoundsGEP(i64_, table, b_.CreateAdd(first, b_.getInt64(w)));
        m[w] = b_.CreateAnd(m[w], b_.CreateLoad(i64_, at));
      }
    }
    return m;
  }

  // The answer id the masks give under the plan's policy (first_answer): the rule of the first
  // candidate row, the otherwise (id answers.size()) of a rule list without one; `valid` false when
  // the masks cannot tell (no row of a table, two rows under unique).
  std::pair<llvm::Value*, llvm::Value*> choose(const Plan& plan, const std::vector<llvm::Value*>& m) {
    const ir::Decision& d = *plan.decision;
    llvm::Value* row = b_.getInt64(~std::uint64_t{0});
    for (std::size_t w = plan.words; w-- > 0;) {
      llvm::Value* tz = b_.CreateIntrinsic(llvm::Intrinsic::cttz, {i64_}, {m[w], b_.getFalse()});
      row = b_.CreateSelect(b_.CreateICmpNE(m[w], b_.getInt64(0)), b_.CreateAdd(tz, b_.getInt64(w * 64)), row);
    }
    llvm::Value* found = b_.CreateICmpNE(row, b_.getInt64(~std::uint64_t{0}));
    std::vector<std::uint64_t> rule_of_row(plan.rows.size() + 1, 0);
    bool identity = true;  // a table's rows, a rule list without `or`: the row is the rule
    for (std::size_t i = 0; i < plan.rows.size(); ++i) {
      rule_of_row[i] = plan.rows[i].rule;
      identity = identity && plan.rows[i].rule == i;
    }
    llvm::Value* first_row = b_.CreateSelect(found, row, b_.getInt64(0));
    llvm::Value* answer = identity ? first_row : lookup(i64_, rule_of_row, first_row);
    llvm::Value* valid = found;
    if (d.is_table && d.hit == ir::HitPolicy::unique) {
      llvm::Value* count = b_.getInt64(0);
      for (llvm::Value* w : m) count = b_.CreateAdd(count, b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, w));
      valid = b_.CreateICmpEQ(count, b_.getInt64(1));
    }
    if (!d.is_table && d.otherwise) {
      answer = b_.CreateSelect(found, answer, b_.getInt64(plan.answers.size()));
      valid = b_.getTrue();
    }
    return {valid, answer};
  }

  // A small constant array of the module (answers, rules), typed `type` (i8 or i64).
  template <class T>
  llvm::GlobalVariable* constant_table(llvm::IntegerType* type, const std::vector<T>& values) {
    llvm::Constant* init = nullptr;
    if (type == i8_) {
      std::vector<std::uint8_t> items;
      for (const T& v : values) items.push_back(static_cast<std::uint8_t>(v));
      init = llvm::ConstantDataArray::get(c_, items);
    } else {
      std::vector<std::uint64_t> items;
      for (const T& v : values) items.push_back(static_cast<std::uint64_t>(v));
      init = llvm::ConstantDataArray::get(c_, items);
    }
    auto* g = new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init);
    g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return g;
  }

  // values[index]; a constant when every entry is the same.
  template <class T>
  llvm::Value* lookup(llvm::IntegerType* type, const std::vector<T>& values, llvm::Value* index) {
    if (std::all_of(values.begin(), values.end(), [&](const T& v) { return v == values.front(); })) {
      return llvm::ConstantInt::get(type, static_cast<std::uint64_t>(values.front()));
    }
    llvm::GlobalVariable* table = constant_table(type, values);
    return b_.CreateLoad(type, b_.CreateInBoundsGEP(table->getValueType(), table, {b_.getInt64(0), index}));
  }

  llvm::LLVMContext& c_;
  llvm::Module& m_;
  llvm::IRBuilder<> b_;
  llvm::IntegerType* i8_;
  llvm::IntegerType* i32_;
  llvm::IntegerType* i64_;
  llvm::Type* f64_;
  llvm::PointerType* i8p_;
  bool clamp_direct_ = false;
};

void optimise(llvm::Module& m, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  mpm.run(m, mam);
}

}  // namespace

std::shared_ptr<const JitCode> lower_and_compile(const CompiledModule& module, std::span<const std::size_t> decisions) {
  const auto started = std::chrono::steady_clock::now();
  init_llvm();
  auto code = std::make_shared<JitCode>();
  const std::size_t n = module.plans.size();
  code->masks.assign(n, nullptr);
  code->kernels.assign(n, nullptr);
  code->lowering.assign(n, JitLowering::none);

  auto context = std::make_unique<llvm::LLVMContext>();
  auto ir = std::make_unique<llvm::Module>("docket", *context);
  llvm::orc::JITTargetMachineBuilder jtmb = checked(llvm::orc::JITTargetMachineBuilder::detectHost(), "find this host's target");
  jtmb.setCodeGenOptLevel(llvm::CodeGenOpt::Default);
  std::unique_ptr<llvm::TargetMachine> tm = checked(jtmb.createTargetMachine(), "make a target machine");
  ir->setDataLayout(tm->createDataLayout());
  ir->setTargetTriple(tm->getTargetTriple().str());

  Lowerer lowerer(*context, *ir);
  for (std::size_t i : decisions) {
    const Plan* plan = module.plans.at(i).get();
    if (plan == nullptr || plan->over_budget) continue;
    lowerer.mask_function(*plan, "mask_" + std::to_string(i));
    code->lowering[i] = JitLowering::matching;
    if (Lowerer::kernel_fits(*plan)) {
      lowerer.kernel_function(*plan, "kernel_" + std::to_string(i));
      code->lowering[i] = JitLowering::whole;
    }
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*ir, &os)) throw std::logic_error("the JIT made invalid LLVM IR: " + os.str());
  // DOCKET_JIT_DUMP=1: the optimised IR on stderr (for reading what the JIT made of a program); 0: as lowered.
  const char* dump = std::getenv("DOCKET_JIT_DUMP");
  if (dump != nullptr && *dump == '0') ir->print(llvm::errs(), nullptr);
  optimise(*ir, *tm);
  if (dump != nullptr && *dump == '1') ir->print(llvm::errs(), nullptr);

  auto engine = std::make_shared<JitEngine>();
  engine->jit = checked(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(jtmb)).create(), "start LLJIT");
  // The optimiser may turn loops into calls of the C library (memset): this process's symbols.
  engine->jit->getMainJITDylib().addGenerator(
      checked(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(engine->jit->getDataLayout().getGlobalPrefix()),
              "find this process's symbols"));
  if (llvm::Error e = engine->jit->addIRModule(llvm::orc::ThreadSafeModule(std::move(ir), std::move(context)))) {
    fail("add the module", std::move(e));
  }
  for (std::size_t i : decisions) {
    if (code->lowering[i] == JitLowering::none) continue;
    code->masks[i] = reinterpret_cast<MaskFn>(
        checked(engine->jit->lookup("mask_" + std::to_string(i)), "compile a decision").getAddress());
    if (code->lowering[i] == JitLowering::whole) {
      code->kernels[i] = reinterpret_cast<KernelFn>(
          checked(engine->jit->lookup("kernel_" + std::to_string(i)), "compile a decision").getAddress());
    }
  }
  code->engine = std::move(engine);
  code->compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return code;
}

}  // namespace docket::detail

#ifdef DOCKET_JIT_MODULE
// The module's entry point, found by jit_load.cpp with dlsym (the code through `out`: a C-linkage
// function returns no C++ class by value).
extern "C" __attribute__((visibility("default"))) void docket_jit_compile_v1(
    const docket::detail::CompiledModule& module, std::span<const std::size_t> decisions,
    std::shared_ptr<const docket::detail::JitCode>* out) {
  *out = docket::detail::lower_and_compile(module, decisions);
}
#endif
